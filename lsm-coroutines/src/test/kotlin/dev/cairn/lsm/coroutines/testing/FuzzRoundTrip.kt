// The property both format fuzz tests check: bytes either fail to decode with the format's
// documented SerializationException, or decode to a value that survives an encode and a decode.
package dev.cairn.lsm.coroutines.testing

import kotlinx.serialization.BinaryFormat
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException

/**
 * Decodes [data] as [serializer] in [format]; a refusal must be a SerializationException (any
 * other exception propagates and fails the fuzz run), and a decoded value must re-encode to
 * bytes that decode to an equal value.
 */
fun <T> checkDecodesOrRefuses(format: BinaryFormat, serializer: KSerializer<T>, data: ByteArray) {
    val value = try {
        format.decodeFromByteArray(serializer, data)
    } catch (e: SerializationException) {
        return
    }
    val again = format.decodeFromByteArray(serializer, format.encodeToByteArray(serializer, value))
    check(again == value) { "${serializer.descriptor.serialName}: $value re-decodes as $again" }
}

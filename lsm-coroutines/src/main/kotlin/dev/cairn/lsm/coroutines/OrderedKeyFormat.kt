// The order-preserving binary format of typed keys. Immutable and thread-safe.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.coroutines.internal.format.ByteOutput
import dev.cairn.lsm.coroutines.internal.format.decodeWhole
import dev.cairn.lsm.coroutines.internal.format.KeyDecoder
import dev.cairn.lsm.coroutines.internal.format.KeyEncoder
import kotlinx.serialization.BinaryFormat
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.SerializationException
import kotlinx.serialization.SerializationStrategy
import kotlinx.serialization.modules.EmptySerializersModule
import kotlinx.serialization.modules.SerializersModule

/**
 * A kotlinx-serialization format whose encodings sort, byte-wise and unsigned, in the order of
 * the values they encode, so a scan over typed keys returns them in value order.
 *
 * Layout, per kind of value (each encoding is prefix-free, so fields are simply concatenated):
 * - `Boolean`: one byte, 0 or 1.
 * - `Byte`, `Short`, `Int`, `Long`: big-endian two's complement with the sign bit flipped
 *   (1, 2, 4, 8 bytes); `UByte`, `UShort`, `UInt`, `ULong`: big-endian, unflipped.
 * - `Float`, `Double`: IEEE bits, big-endian; positive values get the sign bit set, negative
 *   values have every bit inverted. Order: -Inf < negatives < -0.0 < 0.0 < positives < +Inf < NaN.
 * - `Char`: two bytes big-endian (UTF-16 code unit order).
 * - `String`: UTF-8 (unpaired surrogates as 3-byte sequences), each 0x00 byte escaped as
 *   0x00 0xFF, terminated by 0x00 0x01: byte-wise UTF-8 order, and a prefix sorts before every
 *   string it begins.
 * - enum: the ordinal as a count byte then that many big-endian bytes (declaration order).
 * - nullable: 0x00 for null (null sorts first), 0x01 then the value otherwise.
 * - value class: its underlying value.
 * - class / object: its fields in declaration order, nothing between them.
 * - list, set, map: 0x01 before each element (map: key, then value), 0x00 at the end, so
 *   lists compare element by element and a prefix sorts first.
 * - sealed / polymorphic: the serial name (as a String) then the value.
 *
 * Because class fields are concatenated, the encoding of the first fields of a key is a byte
 * prefix of the key's encoding: [TypedMap.scanPrefix] relies on this.
 *
 * @property serializersModule the module used to resolve contextual and polymorphic serializers
 */
public open class OrderedKeyFormat(
    override val serializersModule: SerializersModule = EmptySerializersModule(),
) : BinaryFormat {

    /** Encodes [value] so that encodings compare as the values do. */
    override fun <T> encodeToByteArray(serializer: SerializationStrategy<T>, value: T): ByteArray {
        val out = ByteOutput()
        KeyEncoder(out, serializersModule).encodeSerializableValue(serializer, value)
        return out.toByteArray()
    }

    /**
     * Decodes bytes written by [encodeToByteArray].
     *
     * @throws SerializationException if the bytes are malformed or longer than one value
     */
    override fun <T> decodeFromByteArray(deserializer: DeserializationStrategy<T>, bytes: ByteArray): T =
        decodeWhole(bytes, "key") { input ->
            KeyDecoder(input, serializersModule).decodeSerializableValue(deserializer)
        }

    /** The format with an empty serializers module. */
    public companion object Default : OrderedKeyFormat()
}

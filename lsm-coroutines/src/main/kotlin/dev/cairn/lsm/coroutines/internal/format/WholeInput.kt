// Decoding one whole byte array as exactly one key or value: the checks both binary formats make
// around their decoder. Stateless; each call owns its own ByteInput.
package dev.cairn.lsm.coroutines.internal.format

import kotlinx.serialization.SerializationException

/**
 * Runs [decode] over [bytes] and requires it to consume every byte. A serializer's own consistency
 * check (an IllegalArgumentException, e.g. a map key without a value) becomes a
 * SerializationException, so callers catch one type for every malformed input.
 *
 * @param what "key" or "value", for the messages
 * @throws SerializationException if the bytes are malformed or hold more than one [what]
 */
internal inline fun <T> decodeWhole(bytes: ByteArray, what: String, decode: (ByteInput) -> T): T {
    val input = ByteInput(bytes)
    val value = try {
        decode(input)
    } catch (e: SerializationException) {
        throw e
    } catch (e: IllegalArgumentException) {
        // a collection serializer's own consistency check, e.g. a map key without a value
        throw SerializationException("malformed $what: ${e.message}", e)
    }
    if (input.remaining != 0) {
        throw SerializationException("${input.remaining} trailing bytes after a $what at offset ${input.pos}")
    }
    return value
}

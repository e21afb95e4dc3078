// The default binary format of typed values: compact and tolerant of schema evolution.
// Immutable and thread-safe.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.coroutines.internal.format.ByteOutput
import dev.cairn.lsm.coroutines.internal.format.decodeWhole
import dev.cairn.lsm.coroutines.internal.format.ValueDecoder
import dev.cairn.lsm.coroutines.internal.format.ValueEncoder
import kotlinx.serialization.BinaryFormat
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.SerializationException
import kotlinx.serialization.SerializationStrategy
import kotlinx.serialization.modules.EmptySerializersModule
import kotlinx.serialization.modules.SerializersModule

/**
 * A compact, self-delimiting binary format for stored values, in the spirit of protobuf.
 *
 * Every value is a header varint `(tag shl 3) or wireType` and a payload. Wire types: 0 varint
 * (booleans, chars and zigzag integers), 1 eight bytes (Double), 2 length-delimited (strings,
 * enum constant names, classes, lists, maps), 3 null (no payload), 5 four bytes (Float). A
 * class is a length-delimited run of its fields, each tagged with 28 bits of a hash of the
 * field's serial name; collection elements and the root value carry tag 0.
 *
 * Schema evolution that decodes old bytes:
 * - a field added with a default value: absent in old bytes, so it takes its default;
 * - a field removed (or renamed with a new `@SerialName`): its tag is unknown and skipped;
 * - fields reordered; enum constants reordered or added (constants are stored by name);
 * - an integer widened (`Int` to `Long`), a field made nullable.
 *
 * A field added without a default cannot be read from old bytes (MissingFieldException).
 *
 * @property serializersModule the module used to resolve contextual and polymorphic serializers
 */
public open class CompactValueFormat(
    override val serializersModule: SerializersModule = EmptySerializersModule(),
) : BinaryFormat {

    /** Encodes [value], every field included (defaults too). */
    override fun <T> encodeToByteArray(serializer: SerializationStrategy<T>, value: T): ByteArray {
        val out = ByteOutput()
        ValueEncoder(out, serializersModule, tags = null).encodeSerializableValue(serializer, value)
        return out.toByteArray()
    }

    /**
     * Decodes bytes written by [encodeToByteArray], possibly for an older or newer version of
     * the type.
     *
     * @throws SerializationException if the bytes are malformed or lack a field without a default
     */
    override fun <T> decodeFromByteArray(deserializer: DeserializationStrategy<T>, bytes: ByteArray): T =
        decodeWhole(bytes, "value") { input ->
            ValueDecoder(input, serializersModule, tags = null, root = true).decodeSerializableValue(deserializer)
        }

    /** The format with an empty serializers module. */
    public companion object Default : CompactValueFormat()
}

// Writes the compact value format (layout in ValueWire and CompactValueFormat). A structure is
// encoded into its own buffer and copied into its parent behind a length, so a reader can skip
// it whole. Every field is written, defaults included, so a later change of a default never
// changes a stored value. Not thread-safe: one instance per encode call.
package dev.cairn.lsm.coroutines.internal.format

import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.AbstractEncoder
import kotlinx.serialization.encoding.CompositeEncoder
import kotlinx.serialization.modules.SerializersModule

@OptIn(ExperimentalSerializationApi::class)
internal class ValueEncoder(
    private val out: ByteOutput,
    override val serializersModule: SerializersModule,
    private val tags: ValueWire.FieldTags?, // null inside collections and at the root: tag 0
    private val parent: ByteOutput? = null,
) : AbstractEncoder() {
    private var tag = 0

    override fun encodeElement(descriptor: SerialDescriptor, index: Int): Boolean {
        tag = tags?.tags?.get(index) ?: 0
        return true
    }

    private fun header(wire: Int) = out.writeVarLong((tag.toLong() shl 3) or wire.toLong())

    override fun beginStructure(descriptor: SerialDescriptor): CompositeEncoder {
        header(ValueWire.LEN)
        val childTags = if (KeyLayout.isCollection(descriptor)) null else ValueWire.tagsOf(descriptor)
        return ValueEncoder(ByteOutput(), serializersModule, childTags, parent = out)
    }

    override fun endStructure(descriptor: SerialDescriptor) {
        val p = parent ?: return
        p.writeVarLong(out.size.toLong())
        out.writeTo(p)
    }

    override fun encodeNull() = header(ValueWire.NULL)

    private fun varint(v: Long) {
        header(ValueWire.VARINT)
        out.writeVarLong(ValueWire.zigzag(v))
    }

    override fun encodeBoolean(value: Boolean) = varint(if (value) 1 else 0)
    override fun encodeByte(value: Byte) = varint(value.toLong())
    override fun encodeShort(value: Short) = varint(value.toLong())
    override fun encodeInt(value: Int) = varint(value.toLong())
    override fun encodeLong(value: Long) = varint(value)
    override fun encodeChar(value: Char) = varint(value.code.toLong())

    override fun encodeFloat(value: Float) {
        header(ValueWire.FIXED32)
        out.writeBigEndian(java.lang.Float.floatToRawIntBits(value).toLong(), 4)
    }

    override fun encodeDouble(value: Double) {
        header(ValueWire.FIXED64)
        out.writeBigEndian(java.lang.Double.doubleToRawLongBits(value), 8)
    }

    override fun encodeString(value: String) {
        val bytes = ByteOutput(value.length + 4)
        Wtf8.encode(value) { bytes.write(it) }
        header(ValueWire.LEN)
        out.writeVarLong(bytes.size.toLong())
        bytes.writeTo(out)
    }

    /** Enums are stored by constant name, so reordering constants never changes a value. */
    override fun encodeEnum(enumDescriptor: SerialDescriptor, index: Int) =
        encodeString(enumDescriptor.getElementName(index))
}

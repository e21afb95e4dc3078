// Writes a value in the order-preserving key encoding (see OrderedKeyFormat for the layout):
// comparing two encodings byte-wise, unsigned, gives the order of the values, and no encoding
// is a proper prefix of another of the same type, so fields can simply be concatenated.
// Not thread-safe: one instance per encode call.
package dev.cairn.lsm.coroutines.internal.format

import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.descriptors.StructureKind
import kotlinx.serialization.encoding.AbstractEncoder
import kotlinx.serialization.encoding.CompositeEncoder
import kotlinx.serialization.encoding.Encoder
import kotlinx.serialization.modules.SerializersModule

/** Layout constants shared by [KeyEncoder] and [KeyDecoder]. */
internal object KeyLayout {
    const val NULL = 0x00
    const val NOT_NULL = 0x01
    const val ELEMENT = 0x01
    const val END = 0x00
    const val STRING_ESCAPE = 0x00
    const val ESCAPED_ZERO = 0xFF
    const val STRING_END = 0x01

    private val UNSIGNED = setOf("kotlin.UByte", "kotlin.UShort", "kotlin.UInt", "kotlin.ULong")

    fun isUnsigned(descriptor: SerialDescriptor) = descriptor.isInline && descriptor.serialName in UNSIGNED

    @OptIn(ExperimentalSerializationApi::class)
    fun isCollection(descriptor: SerialDescriptor) =
        descriptor.kind == StructureKind.LIST || descriptor.kind == StructureKind.MAP

    fun floatBits(value: Float): Int {
        val bits = java.lang.Float.floatToIntBits(value) // canonical NaN
        return if (bits < 0) bits.inv() else bits xor Int.MIN_VALUE
    }

    fun floatFromBits(ordered: Int): Float =
        java.lang.Float.intBitsToFloat(if (ordered < 0) ordered xor Int.MIN_VALUE else ordered.inv())

    fun doubleBits(value: Double): Long {
        val bits = java.lang.Double.doubleToLongBits(value)
        return if (bits < 0) bits.inv() else bits xor Long.MIN_VALUE
    }

    fun doubleFromBits(ordered: Long): Double =
        java.lang.Double.longBitsToDouble(if (ordered < 0) ordered xor Long.MIN_VALUE else ordered.inv())
}

@OptIn(ExperimentalSerializationApi::class)
internal class KeyEncoder(
    private val out: ByteOutput,
    override val serializersModule: SerializersModule,
    private val inCollection: Boolean = false,
) : AbstractEncoder() {
    private var unsignedNext = false

    private fun takeUnsigned(): Boolean = unsignedNext.also { unsignedNext = false }

    override fun encodeElement(descriptor: SerialDescriptor, index: Int): Boolean {
        if (inCollection) out.write(KeyLayout.ELEMENT)
        return true
    }

    override fun beginStructure(descriptor: SerialDescriptor): CompositeEncoder =
        KeyEncoder(out, serializersModule, KeyLayout.isCollection(descriptor))

    override fun endStructure(descriptor: SerialDescriptor) {
        if (inCollection) out.write(KeyLayout.END)
    }

    override fun encodeInline(descriptor: SerialDescriptor): Encoder {
        if (KeyLayout.isUnsigned(descriptor)) unsignedNext = true
        return this
    }

    override fun encodeNull() = out.write(KeyLayout.NULL)
    override fun encodeNotNullMark() = out.write(KeyLayout.NOT_NULL)
    override fun encodeBoolean(value: Boolean) = out.write(if (value) 1 else 0)

    override fun encodeByte(value: Byte) =
        out.write(if (takeUnsigned()) value.toInt() and 0xFF else (value.toInt() xor 0x80) and 0xFF)

    override fun encodeShort(value: Short) {
        val v = if (takeUnsigned()) value.toLong() else (value.toInt() xor 0x8000).toLong()
        out.writeBigEndian(v, 2)
    }

    override fun encodeInt(value: Int) {
        val v = if (takeUnsigned()) value else value xor Int.MIN_VALUE
        out.writeBigEndian(v.toLong(), 4)
    }

    override fun encodeLong(value: Long) {
        val v = if (takeUnsigned()) value else value xor Long.MIN_VALUE
        out.writeBigEndian(v, 8)
    }

    override fun encodeFloat(value: Float) = out.writeBigEndian(KeyLayout.floatBits(value).toLong(), 4)
    override fun encodeDouble(value: Double) = out.writeBigEndian(KeyLayout.doubleBits(value), 8)
    override fun encodeChar(value: Char) = out.writeBigEndian(value.code.toLong(), 2)

    override fun encodeString(value: String) {
        Wtf8.encode(value) { b ->
            if (b == 0) {
                out.write(KeyLayout.STRING_ESCAPE); out.write(KeyLayout.ESCAPED_ZERO)
            } else {
                out.write(b)
            }
        }
        out.write(KeyLayout.STRING_ESCAPE)
        out.write(KeyLayout.STRING_END)
    }

    override fun encodeEnum(enumDescriptor: SerialDescriptor, index: Int) = writeOrderedUnsigned(index.toLong())

    /** A length byte (count of significant bytes) then those bytes big-endian: ordered and prefix-free. */
    private fun writeOrderedUnsigned(value: Long) {
        var n = 0
        var v = value
        while (v != 0L) { n++; v = v ushr 8 }
        out.write(n)
        out.writeBigEndian(value, n)
    }

}

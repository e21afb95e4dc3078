// Reads the order-preserving key encoding written by KeyEncoder. Every read is bounds-checked;
// malformed bytes raise SerializationException naming the byte offset. Not thread-safe: one
// instance per decode call.
package dev.cairn.lsm.coroutines.internal.format

import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.SerializationException
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.AbstractDecoder
import kotlinx.serialization.encoding.CompositeDecoder
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.modules.SerializersModule

@OptIn(ExperimentalSerializationApi::class)
internal class KeyDecoder(
    private val input: ByteInput,
    override val serializersModule: SerializersModule,
    private val inCollection: Boolean = false,
) : AbstractDecoder() {
    private var unsignedNext = false
    private var index = 0

    private fun takeUnsigned(): Boolean = unsignedNext.also { unsignedNext = false }

    override fun decodeElementIndex(descriptor: SerialDescriptor): Int {
        if (inCollection) {
            val at = input.pos
            return when (input.readByte()) {
                KeyLayout.ELEMENT -> index++
                KeyLayout.END -> CompositeDecoder.DECODE_DONE
                else -> throw SerializationException("bad collection marker at offset $at")
            }
        }
        return if (index < descriptor.elementsCount) index++ else CompositeDecoder.DECODE_DONE
    }

    override fun beginStructure(descriptor: SerialDescriptor): CompositeDecoder =
        KeyDecoder(input, serializersModule, KeyLayout.isCollection(descriptor))

    override fun decodeInline(descriptor: SerialDescriptor): Decoder {
        if (KeyLayout.isUnsigned(descriptor)) unsignedNext = true
        return this
    }

    override fun decodeNotNullMark(): Boolean {
        val at = input.pos
        return when (input.readByte()) {
            KeyLayout.NOT_NULL -> true
            KeyLayout.NULL -> false
            else -> throw SerializationException("bad null marker at offset $at")
        }
    }

    override fun decodeNull(): Nothing? = null

    override fun decodeBoolean(): Boolean {
        val at = input.pos
        return when (input.readByte()) {
            0 -> false
            1 -> true
            else -> throw SerializationException("bad boolean at offset $at")
        }
    }

    override fun decodeByte(): Byte {
        val b = input.readByte()
        return (if (takeUnsigned()) b else b xor 0x80).toByte()
    }

    override fun decodeShort(): Short {
        val v = input.readBigEndian(2).toInt()
        return (if (takeUnsigned()) v else v xor 0x8000).toShort()
    }

    override fun decodeInt(): Int {
        val v = input.readBigEndian(4).toInt()
        return if (takeUnsigned()) v else v xor Int.MIN_VALUE
    }

    override fun decodeLong(): Long {
        val v = input.readBigEndian(8)
        return if (takeUnsigned()) v else v xor Long.MIN_VALUE
    }

    override fun decodeFloat(): Float = KeyLayout.floatFromBits(input.readBigEndian(4).toInt())
    override fun decodeDouble(): Double = KeyLayout.doubleFromBits(input.readBigEndian(8))
    override fun decodeChar(): Char = input.readBigEndian(2).toInt().toChar()

    override fun decodeString(): String {
        val start = input.pos
        val raw = ByteOutput()
        while (true) {
            val b = input.readByte()
            if (b != KeyLayout.STRING_ESCAPE) {
                raw.write(b)
                continue
            }
            val at = input.pos
            when (input.readByte()) {
                KeyLayout.ESCAPED_ZERO -> raw.write(0)
                KeyLayout.STRING_END -> break
                else -> throw SerializationException("bad string escape at offset $at")
            }
        }
        val bytes = raw.toByteArray()
        return Wtf8.decode(bytes, 0, bytes.size, offsetBase = start)
    }

    override fun decodeEnum(enumDescriptor: SerialDescriptor): Int {
        val at = input.pos
        val n = input.readByte()
        if (n > 4) throw SerializationException("bad enum index length $n at offset $at")
        val ordinal = input.readBigEndian(n)
        if (ordinal >= enumDescriptor.elementsCount) {
            throw SerializationException(
                "enum index $ordinal at offset $at is out of range for ${enumDescriptor.serialName}",
            )
        }
        return ordinal.toInt()
    }
}

// Reads the compact value format written by ValueEncoder. Fields are matched by tag: unknown
// tags (fields since removed) are skipped by wire type, missing ones take their defaults (or
// fail with MissingFieldException when they have none). Every read is bounds-checked and
// malformed bytes raise SerializationException naming the offset. Not thread-safe.
package dev.cairn.lsm.coroutines.internal.format

import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.SerializationException
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.AbstractDecoder
import kotlinx.serialization.encoding.CompositeDecoder
import kotlinx.serialization.modules.SerializersModule

@OptIn(ExperimentalSerializationApi::class)
internal class ValueDecoder(
    private val input: ByteInput,
    override val serializersModule: SerializersModule,
    private val tags: ValueWire.FieldTags?,
    private val root: Boolean = false,
) : AbstractDecoder() {
    private var wire = NO_HEADER
    private var collectionIndex = 0
    private var headerAt = 0

    override fun decodeElementIndex(descriptor: SerialDescriptor): Int {
        while (true) {
            if (input.remaining == 0) return CompositeDecoder.DECODE_DONE
            readHeader()
            val tag = lastTag
            if (tags == null) return collectionIndex++
            val index = tags.indexOf(tag)
            if (index >= 0) return index
            ValueWire.skip(input, wire)
            wire = NO_HEADER
        }
    }

    private var lastTag = 0

    private fun readHeader() {
        headerAt = input.pos
        val h = input.readVarLong()
        wire = (h and 7).toInt()
        lastTag = (h ushr 3).toInt()
    }

    private fun peekWire(): Int {
        if (wire == NO_HEADER && root) readHeader()
        if (wire == NO_HEADER) throw SerializationException("value expected at offset ${input.pos}")
        return wire
    }

    private fun take(expected: Int, what: String) {
        val w = peekWire()
        if (w != expected) {
            throw SerializationException("$what expected at offset $headerAt, found wire type $w")
        }
        wire = NO_HEADER
    }

    override fun beginStructure(descriptor: SerialDescriptor): CompositeDecoder {
        take(ValueWire.LEN, descriptor.serialName)
        val len = input.readLength()
        val child = ByteInput(input.bytes, input.pos, input.pos + len)
        input.pos += len
        val childTags = if (KeyLayout.isCollection(descriptor)) null else ValueWire.tagsOf(descriptor)
        return ValueDecoder(child, serializersModule, childTags)
    }

    override fun decodeNotNullMark(): Boolean = peekWire() != ValueWire.NULL

    override fun decodeNull(): Nothing? {
        take(ValueWire.NULL, "null")
        return null
    }

    private fun varint(what: String): Long {
        take(ValueWire.VARINT, what)
        return ValueWire.unzigzag(input.readVarLong())
    }

    override fun decodeBoolean(): Boolean = varint("boolean") != 0L
    override fun decodeByte(): Byte = varint("byte").toByte()
    override fun decodeShort(): Short = varint("short").toShort()
    override fun decodeInt(): Int = varint("int").toInt()
    override fun decodeLong(): Long = varint("long")
    override fun decodeChar(): Char = varint("char").toInt().toChar()

    override fun decodeFloat(): Float {
        take(ValueWire.FIXED32, "float")
        return java.lang.Float.intBitsToFloat(input.readBigEndian(4).toInt())
    }

    override fun decodeDouble(): Double {
        take(ValueWire.FIXED64, "double")
        return java.lang.Double.longBitsToDouble(input.readBigEndian(8))
    }

    override fun decodeString(): String {
        take(ValueWire.LEN, "string")
        val len = input.readLength()
        val start = input.pos
        input.pos += len
        return Wtf8.decode(input.bytes, start, start + len)
    }

    override fun decodeEnum(enumDescriptor: SerialDescriptor): Int {
        val at = input.pos
        val name = decodeString()
        val index = enumDescriptor.getElementIndex(name)
        if (index == CompositeDecoder.UNKNOWN_NAME) {
            throw SerializationException("unknown constant '$name' of ${enumDescriptor.serialName} at offset $at")
        }
        return index
    }

    private companion object {
        const val NO_HEADER = -1
    }
}

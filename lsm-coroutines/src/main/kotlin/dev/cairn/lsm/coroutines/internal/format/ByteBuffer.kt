// A growable byte array for encoders, and a bounds-checked reader for decoders. Neither is
// thread-safe; each encode or decode call owns its own instance.
package dev.cairn.lsm.coroutines.internal.format

import kotlinx.serialization.SerializationException

/** A growable output buffer. */
internal class ByteOutput(initialCapacity: Int = 32) {
    private var bytes = ByteArray(initialCapacity)

    /** Number of bytes written so far. */
    var size: Int = 0
        private set

    fun write(b: Int) {
        ensure(1)
        bytes[size++] = b.toByte()
    }

    fun write(src: ByteArray, offset: Int = 0, length: Int = src.size) {
        ensure(length)
        src.copyInto(bytes, size, offset, offset + length)
        size += length
    }

    /** Writes [value] big-endian in [count] bytes. */
    fun writeBigEndian(value: Long, count: Int) {
        ensure(count)
        for (i in count - 1 downTo 0) bytes[size++] = (value ushr (8 * i)).toByte()
    }

    /** Writes an unsigned LEB128 varint. */
    fun writeVarLong(value: Long) {
        var v = value
        while (v and 0x7FL.inv() != 0L) {
            write(((v and 0x7F) or 0x80).toInt())
            v = v ushr 7
        }
        write(v.toInt())
    }

    fun toByteArray(): ByteArray = bytes.copyOf(size)

    fun writeTo(out: ByteOutput) = out.write(bytes, 0, size)

    private fun ensure(extra: Int) {
        if (size + extra > bytes.size) bytes = bytes.copyOf(maxOf(bytes.size * 2, size + extra))
    }
}

/** A reader over `bytes[pos, end)` that refuses to read past [end]. */
internal class ByteInput(val bytes: ByteArray, var pos: Int = 0, val end: Int = bytes.size) {
    val remaining: Int get() = end - pos

    fun readByte(): Int {
        if (pos >= end) throw SerializationException("encoded bytes end early at offset $pos")
        return bytes[pos++].toInt() and 0xFF
    }

    fun readBigEndian(count: Int): Long {
        require(count)
        var v = 0L
        repeat(count) { v = (v shl 8) or (bytes[pos++].toLong() and 0xFF) }
        return v
    }

    fun readVarLong(): Long {
        var result = 0L
        var shift = 0
        val start = pos
        while (true) {
            if (shift > 63) throw SerializationException("varint longer than 10 bytes at offset $start")
            val b = readByte()
            result = result or ((b and 0x7F).toLong() shl shift)
            if (b and 0x80 == 0) return result
            shift += 7
        }
    }

    /** Reads a varint that must fit a non-negative Int no larger than [remaining]. */
    fun readLength(): Int {
        val start = pos
        val len = readVarLong()
        if (len < 0 || len > remaining) {
            throw SerializationException("length $len at offset $start exceeds the ${remaining} bytes left")
        }
        return len.toInt()
    }

    fun require(count: Int) {
        if (count < 0 || count > end - pos) {
            throw SerializationException("encoded bytes end early at offset $pos (need $count more)")
        }
    }
}

// UTF-8 for any Kotlin String, unpaired surrogates included (encoded as their 3-byte form, as
// WTF-8 does), so that decode(encode(s)) == s for every string and byte order equals code point
// order. Stateless and thread-safe.
package dev.cairn.lsm.coroutines.internal.format

import kotlinx.serialization.SerializationException

internal object Wtf8 {
    /** Calls [sink] with each byte of the encoding of [s]. */
    inline fun encode(s: String, sink: (Int) -> Unit) {
        var i = 0
        while (i < s.length) {
            val c = s[i].code
            when {
                c < 0x80 -> sink(c)
                c < 0x800 -> {
                    sink(0xC0 or (c shr 6)); sink(0x80 or (c and 0x3F))
                }
                Character.isHighSurrogate(s[i]) && i + 1 < s.length && Character.isLowSurrogate(s[i + 1]) -> {
                    val cp = Character.toCodePoint(s[i], s[i + 1])
                    sink(0xF0 or (cp shr 18)); sink(0x80 or ((cp shr 12) and 0x3F))
                    sink(0x80 or ((cp shr 6) and 0x3F)); sink(0x80 or (cp and 0x3F))
                    i++
                }
                else -> {
                    sink(0xE0 or (c shr 12)); sink(0x80 or ((c shr 6) and 0x3F)); sink(0x80 or (c and 0x3F))
                }
            }
            i++
        }
    }

    /** Decodes `bytes[from, to)`; [offsetBase] only names positions in error messages. */
    fun decode(bytes: ByteArray, from: Int, to: Int, offsetBase: Int = from): String {
        var ascii = from
        while (ascii < to && bytes[ascii] >= 0) ascii++
        // All ASCII (the common case): one bulk copy into a compact string, no per-char appends.
        if (ascii == to) return String(bytes, from, to - from, Charsets.ISO_8859_1)
        val sb = StringBuilder(to - from)
        sb.append(String(bytes, from, ascii - from, Charsets.ISO_8859_1))
        var i = ascii
        fun cont(at: Int): Int {
            if (at >= to) throw SerializationException("truncated UTF-8 sequence at offset ${offsetBase + (at - from)}")
            val b = bytes[at].toInt() and 0xFF
            if (b and 0xC0 != 0x80) throw SerializationException("bad UTF-8 continuation byte at offset ${offsetBase + (at - from)}")
            return b and 0x3F
        }
        while (i < to) {
            val b = bytes[i].toInt() and 0xFF
            when {
                b < 0x80 -> { sb.append(b.toChar()); i++ }
                b shr 5 == 0x6 -> { sb.append((((b and 0x1F) shl 6) or cont(i + 1)).toChar()); i += 2 }
                b shr 4 == 0xE -> {
                    sb.append((((b and 0x0F) shl 12) or (cont(i + 1) shl 6) or cont(i + 2)).toChar()); i += 3
                }
                b shr 3 == 0x1E -> {
                    val cp = ((b and 0x07) shl 18) or (cont(i + 1) shl 12) or (cont(i + 2) shl 6) or cont(i + 3)
                    if (cp > 0x10FFFF) throw SerializationException("code point above U+10FFFF at offset ${offsetBase + (i - from)}")
                    sb.appendCodePoint(cp); i += 4
                }
                else -> throw SerializationException("bad UTF-8 lead byte at offset ${offsetBase + (i - from)}")
            }
        }
        return sb.toString()
    }
}

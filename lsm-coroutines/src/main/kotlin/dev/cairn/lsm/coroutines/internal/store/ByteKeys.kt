// Byte-array key helpers: unsigned comparison (the store's key order), prefix bounds, and the
// reserved key spaces of typed maps and values. Stateless and thread-safe.
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.coroutines.OrderedKeyFormat
import kotlinx.serialization.builtins.serializer

internal object ByteKeys {
    /** The first byte of every key written by a [dev.cairn.lsm.coroutines.TypedMap] or TypedValue. */
    private const val RESERVED = 0x00
    private const val MAP_SPACE = 'm'.code
    private const val VALUE_SPACE = 'v'.code

    fun compare(a: ByteArray, b: ByteArray): Int = java.util.Arrays.compareUnsigned(a, b)

    /** The smallest key greater than every key starting with [prefix], or null when there is none. */
    fun prefixEnd(prefix: ByteArray): ByteArray? {
        for (i in prefix.indices.reversed()) {
            if (prefix[i] != 0xFF.toByte()) {
                val end = prefix.copyOf(i + 1)
                end[i] = (end[i] + 1).toByte()
                return end
            }
        }
        return null
    }

    /** The prefix of the keys of map [name]; no map's prefix is a prefix of another's. */
    fun mapPrefix(name: String): ByteArray = space(MAP_SPACE, name)

    /** The key of typed value [name]. */
    fun valueKey(name: String): ByteArray = space(VALUE_SPACE, name)

    private fun space(kind: Int, name: String): ByteArray =
        byteArrayOf(RESERVED.toByte(), kind.toByte()) + OrderedKeyFormat.encodeToByteArray(String.serializer(), name)

    fun hex(bytes: ByteArray, max: Int = 48): String {
        val sb = StringBuilder()
        for (i in 0 until minOf(bytes.size, max)) sb.append("%02x".format(bytes[i].toInt() and 0xFF))
        if (bytes.size > max) sb.append("…")
        return sb.toString()
    }
}

// Repairs the checksums of a log image, so that fuzzed bytes get past the CRC32C gate and reach
// the fragment and recovery logic behind it. Used by the WAL and manifest fuzz tests. Pure
// function; thread-safe.
package dev.cairn.lsm.internal.wal

import dev.cairn.lsm.internal.util.Bytes
import java.util.zip.CRC32C

internal object LogReseal {
    /**
     * Returns a copy of [image] in which every physical record that a reader would frame (walking
     * each 32 KiB block from its start: a known type and a length that fits the block) carries
     * the right checksum. Walking a block stops at the first header that frames nothing.
     */
    fun reseal(image: ByteArray): ByteArray {
        val out = image.copyOf()
        val crc = CRC32C()
        var blockStart = 0
        while (blockStart < out.size) {
            val blockEnd = minOf(out.size, blockStart + LogFormat.BLOCK_SIZE)
            var p = blockStart
            while (p + LogFormat.HEADER_SIZE <= blockEnd) {
                val len = ((out[p + 4].toInt() and 0xFF) shl 8) or (out[p + 5].toInt() and 0xFF)
                val type = out[p + 6].toInt() and 0xFF
                if (type < LogFormat.FULL || type > LogFormat.LAST || p + LogFormat.HEADER_SIZE + len > blockEnd) break
                Bytes.putInt(out, p, LogFormat.checksum(crc, type, out, p + LogFormat.HEADER_SIZE, len))
                p += LogFormat.HEADER_SIZE + len
            }
            blockStart += LogFormat.BLOCK_SIZE
        }
        return out
    }
}

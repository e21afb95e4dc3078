// Repairs the checksums of a table image, so that fuzzed bytes get past the CRC32C gates and
// reach the block, index and meta-block decoders behind them. Used by the sstable fuzz tests.
// Pure function; thread-safe.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.internal.util.Bytes
import dev.cairn.lsm.internal.util.VarInt
import java.util.zip.CRC32C

internal object TableReseal {
    /**
     * Returns a copy of [image] with the footer's magic restored and its checksum repaired, and
     * the trailer checksum repaired on every block the footer or an uncompressed index names
     * (when the handle lies inside the file).
     */
    fun reseal(image: ByteArray): ByteArray {
        if (image.size < Footer.SIZE) return image
        val out = image.copyOf()
        val footerOffset = out.size - Footer.SIZE
        val handles = (0 until 4).map {
            BlockHandle(Bytes.getLong(out, footerOffset + 16 * it), Bytes.getLong(out, footerOffset + 16 * it + 8))
        }
        val index = handles[0]
        if (fits(index, footerOffset) && out[(index.offset() + index.size()).toInt()] == BlockTrailer.TYPE_NONE) {
            for (h in dataHandles(out, index)) if (fits(h, footerOffset)) seal(out, h)
        }
        for (h in handles) if (fits(h, footerOffset)) seal(out, h)
        Bytes.putLong(out, footerOffset + 72, Footer.MAGIC)
        Bytes.putInt(out, footerOffset + 68, crc(out, footerOffset, 68))
        return out
    }

    private fun fits(h: BlockHandle, footerOffset: Int): Boolean =
        h.offset() >= 0 && h.size() >= 0 && h.size() <= footerOffset && h.offset() <= footerOffset - h.size() - BlockTrailer.SIZE

    /** The block handles stored in the (uncompressed) index block at [index], as far as it parses. */
    private fun dataHandles(image: ByteArray, index: BlockHandle): List<BlockHandle> {
        val start = index.offset().toInt()
        val contents = image.copyOfRange(start, start + index.size().toInt())
        val out = ArrayList<BlockHandle>()
        try {
            val it = Block(contents, contents.size, "reseal", index.offset()).newIterator()
            it.seekToFirst()
            while (it.isValid && out.size < 10_000) {
                val v = it.value()
                val pos = intArrayOf(0)
                out += BlockHandle(VarInt.readUnsigned(v, pos, v.size), VarInt.readUnsigned(v, pos, v.size))
                it.next()
            }
        } catch (e: CorruptionException) {
            // keep the handles read so far
        }
        return out
    }

    private fun seal(image: ByteArray, h: BlockHandle) {
        val stored = (h.offset() + h.size()).toInt()
        Bytes.putInt(image, stored + 1, crc(image, h.offset().toInt(), h.size().toInt() + 1))
    }

    private fun crc(b: ByteArray, off: Int, len: Int): Int {
        val c = CRC32C()
        c.update(b, off, len)
        return c.value.toInt()
    }
}

// The flat bloom filter layout that tables written before blocked filters carry, rebuilt here
// from docs/format.md so the specs can make old-format filter blocks by hand: a writer and an
// independent query. Test code only (the engine writes only blocked filters). Pure functions.
package dev.cairn.lsm.internal.sstable

/** Writer and reference query of the flat (old) filter block layout. */
internal object FlatBloomFixture {
    /** The old k rule: round(bitsPerKey × ln 2) clamped to [1, 30]. */
    fun probes(bitsPerKey: Int): Int = Math.round(bitsPerKey * 0.69314718056).toInt().coerceIn(1, 30)

    /** @return a flat filter block over [keys]: m/8 bytes of bits, then k */
    fun block(keys: List<ByteArray>, bitsPerKey: Int): ByteArray {
        val wanted = maxOf(64L, keys.size.toLong() * bitsPerKey)
        val m = (wanted + 63) / 64 * 64
        val k = probes(bitsPerKey)
        val out = ByteArray((m / 8).toInt() + 1)
        for (key in keys) {
            for (bit in bitsOf(key, m, k)) out[bit ushr 3] = (out[bit ushr 3].toInt() or (1 shl (bit and 7))).toByte()
        }
        out[out.size - 1] = k.toByte()
        return out
    }

    /** @return whether every probed bit of [key] is set in flat [block] (the documented query) */
    fun query(block: ByteArray, key: ByteArray): Boolean {
        val m = (block.size - 1).toLong() * 8
        if (m == 0L) return true
        val k = block[block.size - 1].toInt()
        return bitsOf(key, m, k).all { bit -> (block[bit ushr 3].toInt() and (1 shl (bit and 7))) != 0 }
    }

    /** Probe j tests bit ((h1 + j·h2) mod 2^32) × m >>> 32, unsigned. */
    private fun bitsOf(key: ByteArray, m: Long, k: Int): List<Int> {
        val h = KeyHash.hash64(key, 0, key.size)
        val h1 = h.toInt()
        val h2 = (h ushr 32).toInt()
        return (0 until k).map { j -> (((h1 + j * h2).toLong() and 0xFFFFFFFFL) * m ushr 32).toInt() }
    }
}

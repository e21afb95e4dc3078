// Jazzer fuzz test of Block and BlockIterator on arbitrary block contents (what a data or index
// block holds after its checksum passed): construction, forward and backward iteration and
// seeks raise CorruptionException or work, and nothing else (no index error, no endless loop).
// JUnit 5 (Jazzer runs on JUnit). Regression mode replays BlockFuzzTestInputs/; JAZZER_FUZZ=1
// fuzzes.
package dev.cairn.lsm.internal.sstable

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.ValueKind

class BlockFuzzTest {

    /** [data] is the block's contents: entries, restart array, restart count. */
    @FuzzTest
    fun iteratesAnyBlock(data: ByteArray) {
        val block = try {
            Block(data, data.size, "000009.sst", 4096)
        } catch (e: CorruptionException) {
            return
        }
        try {
            exercise(block, data.size)
        } catch (e: CorruptionException) {
            check(e.message!!.contains("000009.sst")) { "message does not name the file: ${e.message}" }
        }
    }

    private fun exercise(block: Block, size: Int) {
        // An entry takes at least 3 header bytes, so a block cannot hold more than size / 3.
        val bound = size / 3 + 1
        val it = block.newIterator()
        val keys = ArrayList<ByteArray>()
        it.seekToFirst()
        while (it.isValid) {
            keys += it.key()
            it.value()
            check(keys.size <= bound) { "more than $bound entries in a block of $size bytes" }
            it.next()
        }
        var backward = 0
        it.seekToLast()
        while (it.isValid) {
            it.key()
            it.value()
            check(++backward <= bound) { "more than $bound entries backward in a block of $size bytes" }
            it.prev()
        }
        val targets = keys.take(32) + listOf(
            InternalKey.seekKey(ByteArray(0), InternalKey.MAX_SEQUENCE),
            InternalKey.encode(ByteArray(12) { -1 }, 0, ValueKind.PUT),
            InternalKey.seekKey("user/00000500".encodeToByteArray(), 77),
        )
        for (t in targets) {
            it.seek(t)
            if (it.isValid) {
                it.key()
                it.value()
                it.next()
            }
            // A point lookup through the hash index, when the block has one.
            it.seekForGet(t, KeyHash.hash64(t, 0, t.size - InternalKey.TRAILER))
            if (it.isValid) {
                it.key()
                it.value()
            }
            it.seekForPrev(t)
            if (it.isValid) {
                it.key()
                it.prev()
            }
        }
    }

    /** Seeds for the committed corpus (see FuzzCorpusGenerator). */
    companion object {
        /** @return seed inputs by method name, then by seed name */
        fun seeds(): Map<String, Map<String, ByteArray>> {
            val entries = (0 until 24).map {
                ikey("user/%08d".format(it * 37), 100L - it, if (it % 5 == 4) ValueKind.DELETE else ValueKind.PUT) to
                    stored("value-$it".repeat(it % 3))
            }
            val restart1 = build(entries, 1)
            val restart4 = build(entries, 4)
            val restart16 = build(entries, 16)
            val seeds = linkedMapOf(
                "restart-1" to restart1,
                "restart-4" to restart4,
                "restart-16" to restart16,
                "one-entry" to build(entries.take(1), 16),
                "empty" to build(emptyList(), 16),
                "bad-restart" to restart4.copyOf().also { it[it.size - 9] = 0x55 },
                "forged-length" to restart16.copyOf().also { it[2] = 0xFF.toByte() },
                "shared-past-key" to restart16.copyOf().also { flipShared(it) },
                "truncated" to restart4.copyOf(restart4.size / 2),
                "hashed" to build(entries, 4, hashed = true),
                "hashed-bad-bucket" to build(entries, 4, hashed = true).also { it[it.size - 7] = 0x33 },
            )
            return mapOf("iteratesAnyBlock" to seeds)
        }

        private fun build(entries: List<Pair<ByteArray, ByteArray>>, restartInterval: Int, hashed: Boolean = false): ByteArray {
            val b = BlockBuilder(restartInterval, hashed)
            for ((k, v) in entries) b.add(k, v)
            val buf = b.finish()
            return buf.copyOf(b.length())
        }

        /** Makes the second entry claim more shared bytes than the first key has. */
        private fun flipShared(block: ByteArray) {
            val unshared = block[1].toInt()
            val vlen = block[2].toInt()
            val second = 3 + unshared + vlen
            block[second] = 0x7F
        }
    }
}

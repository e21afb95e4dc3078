// Specifies the block format: round trip, seeks in both directions, restart handling, damage.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.util.Bytes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.random.Random

private fun buildBlock(entries: List<Entry>, restartInterval: Int = 16): Block {
    val b = BlockBuilder(restartInterval)
    entries.forEach { b.add(it.key, it.value) }
    val array = b.finish()
    return Block(array.copyOf(b.length()), b.length(), "test.sst", 0)
}

class BlockSpec : FunSpec({
    val seed = 20261122L
    val entries = randomEntries(Random(seed), 300)

    test("a block round-trips its entries in both directions with prefix compression and restarts") {
        for (interval in listOf(1, 2, 16, 1000)) {
            withClue("seed=$seed interval=$interval") {
                val block = buildBlock(entries, interval)
                block.newIterator().forwardScan().keysAsText() shouldBe entries.keysAsText()
                block.newIterator().backwardScan().keysAsText() shouldBe entries.reversed().keysAsText()
            }
        }
    }

    test("prefix compression makes a block of shared-prefix keys smaller than the raw keys") {
        val b = BlockBuilder(16)
        entries.forEach { b.add(it.key, it.value) }
        val raw = entries.sumOf { it.key.size + it.value.size }
        (b.estimatedSize() < raw) shouldBe true
    }

    test("seek finds the first entry at or after every key and every gap") {
        val block = buildBlock(entries)
        val it = block.newIterator()
        for ((i, e) in entries.withIndex()) {
            it.seek(e.key)
            it.isValid shouldBe true
            it.key() shouldBe e.key
            // a target just after this entry (same user key, smaller trailer) lands on the next one
            val after = e.key.copyOf()
            Bytes.putLong(after, after.size - 8, InternalKey.trailer(e.key) - 1)
            it.seek(after)
            if (i + 1 < entries.size) it.key() shouldBe entries[i + 1].key else it.isValid shouldBe false
        }
        it.seek(ikey("", InternalKey.MAX_SEQUENCE, 0xFF))
        it.key() shouldBe entries.first().key
        it.seek(ikey("zzzz", 1))
        it.isValid shouldBe false
    }

    test("seekForPrev finds the last entry at or before a target") {
        val block = buildBlock(entries)
        val it = block.newIterator()
        for ((i, e) in entries.withIndex()) {
            it.seekForPrev(e.key)
            it.key() shouldBe e.key
            val before = e.key.copyOf()
            Bytes.putLong(before, before.size - 8, InternalKey.trailer(e.key) + 1)
            it.seekForPrev(before)
            if (i > 0) it.key() shouldBe entries[i - 1].key else it.isValid shouldBe false
        }
        it.seekForPrev(ikey("zzzz", 1))
        it.key() shouldBe entries.last().key
    }

    test("prev crosses restart boundaries, one entry at a time") {
        val block = buildBlock(entries, 4)
        val it = block.newIterator()
        for (start in listOf(3, 4, 5, 8, 17, entries.size - 1)) {
            it.seek(entries[start].key)
            for (j in start downTo 0) {
                it.key() shouldBe entries[j].key
                it.prev()
            }
            it.isValid shouldBe false
        }
        // next after prev resumes in order
        it.seek(entries[9].key)
        it.prev(); it.prev(); it.next()
        it.key() shouldBe entries[8].key
    }

    test("values are decoded on demand and are stable copies") {
        val block = buildBlock(entries)
        val it = block.newIterator()
        it.seekToFirst()
        val v = it.value()
        it.next()
        v shouldBe entries[0].value
        it.value() shouldBe entries[1].value
    }

    test("an empty block has no entries") {
        val block = buildBlock(emptyList())
        block.isEmpty shouldBe true
        val it = block.newIterator()
        it.seekToFirst(); it.isValid shouldBe false
        it.seekToLast(); it.isValid shouldBe false
        it.seek(ikey("a", 1)); it.isValid shouldBe false
        it.seekForPrev(ikey("a", 1)); it.isValid shouldBe false
    }

    test("a forged restart count or restart offset is reported as corruption with the file and offset") {
        val b = BlockBuilder(16)
        entries.take(40).forEach { b.add(it.key, it.value) }
        val data = b.finish().copyOf(b.length())
        val n = data.size
        val forgedCount = data.copyOf().also { Bytes.putInt(it, n - 4, 1_000_000) }
        shouldThrow<CorruptionException> { Block(forgedCount, n, "t.sst", 4096) }.message shouldContain "t.sst"
        val negative = data.copyOf().also { Bytes.putInt(it, n - 4, -1) }
        shouldThrow<CorruptionException> { Block(negative, n, "t.sst", 4096) }.message shouldContain "offset 4096"
        val badRestart = data.copyOf().also { Bytes.putInt(it, n - 8, n) }
        shouldThrow<CorruptionException> { Block(badRestart, n, "t.sst", 4096) }
        shouldThrow<CorruptionException> { Block(ByteArray(2), 2, "t.sst", 0) }
    }

    test("a forged entry length is reported as corruption, never an index error") {
        val b = BlockBuilder(16)
        entries.take(40).forEach { b.add(it.key, it.value) }
        val data = b.finish().copyOf(b.length())
        // every byte of the entry area, set to 0xFF in turn: decoding fails cleanly or succeeds
        for (pos in 0 until data.size - 8) {
            val forged = data.copyOf()
            forged[pos] = 0xFF.toByte()
            try {
                val block = Block(forged, forged.size, "t.sst", 0)
                block.newIterator().forwardScan()
                block.newIterator().backwardScan()
            } catch (e: CorruptionException) {
                e.message shouldContain "t.sst"
            }
        }
    }
})

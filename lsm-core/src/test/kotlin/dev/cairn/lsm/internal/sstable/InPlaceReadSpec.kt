// Specifies the in-place (slice) view of the read path: a random walk of seeks, next and prev
// over block, table and merging iterators shows, at every step, the same entry through the
// slices as through the copying key()/value(), and the one a sorted-list model expects.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.internal.iterator.InternalIterator
import dev.cairn.lsm.internal.iterator.MergingIterator
import dev.cairn.lsm.internal.iterator.SliceIterator
import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.memtable.MemTable
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun SliceIterator.sliceKey(): ByteArray = keyArray().copyOfRange(keyOffset(), keyOffset() + keyLength())
private fun SliceIterator.sliceValue(): ByteArray = valueArray().copyOfRange(valueOffset(), valueOffset() + valueLength())

/** Walks [iter] at random over [model] (sorted, unique keys) and checks every position. */
private fun randomWalk(iter: SliceIterator, model: List<Entry>, random: Random, steps: Int) {
    var pos = -1
    fun check() {
        if (pos < 0 || pos >= model.size) {
            iter.isValid shouldBe false
            return
        }
        iter.isValid shouldBe true
        InternalKey.describe(iter.sliceKey()) shouldBe InternalKey.describe(model[pos].key)
        iter.sliceValue().contentToString() shouldBe model[pos].value.contentToString()
        iter.key().contentToString() shouldBe model[pos].key.contentToString()
        iter.value().contentToString() shouldBe model[pos].value.contentToString()
    }
    repeat(steps) { _ ->
        when (random.nextInt(10)) {
            0 -> { iter.seekToFirst(); pos = 0 }
            1 -> { iter.seekToLast(); pos = model.size - 1 }
            2 -> {
                val t = model[random.nextInt(model.size)].key
                iter.seek(t); pos = model.lowerBound(t)
            }
            3 -> {
                val t = model[random.nextInt(model.size)].key
                iter.seekForPrev(t); pos = model.lowerBound(t)
            }
            in 4..6 -> if (pos in model.indices) { iter.next(); pos++ }
            else -> if (pos in model.indices) { iter.prev(); pos-- }
        }
        if (pos >= model.size) pos = model.size
        check()
    }
}

class InPlaceReadSpec : FunSpec({
    val seed = 20261122L

    test("a block iterator's slices follow a random walk of seeks, next and prev, at every restart interval") {
        val random = Random(seed)
        val entries = randomEntries(random, 400)
        for (interval in listOf(1, 3, 16, 1000)) {
            withClue("seed=$seed interval=$interval") {
                val b = BlockBuilder(interval)
                entries.forEach { b.add(it.key, it.value) }
                val block = Block(b.finish().copyOf(b.length()), b.length(), "test.sst", 0)
                randomWalk(block.newIterator(), entries, random, 3000)
            }
        }
    }

    test("a memtable iterator's slices follow a random walk, and a full backward walk sees every entry") {
        val random = Random(seed + 2)
        val entries = randomEntries(random, 5000)
        val m = MemTable(1)
        entries.shuffled(random).forEach { m.add(it.key, it.value, 0) }
        withClue("seed=${seed + 2}") {
            val it = m.iterator() as SliceIterator
            randomWalk(it, entries, random, 5000)
            it.seekToLast()
            val seen = mutableListOf<String>()
            while (it.isValid) { seen += InternalKey.describe(it.sliceKey()); it.prev() }
            seen shouldBe entries.reversed().map { InternalKey.describe(it.key) }
        }
    }

    test("a merging iterator over tables and memtables shows each entry in place, across direction changes") {
        val random = Random(seed + 1)
        val entries = randomEntries(random, 3000)
        val fs = FakeFileSystem()
        val parts = List(4) { mutableListOf<Entry>() }
        entries.forEach { parts[random.nextInt(4)] += it }
        val children = mutableListOf<InternalIterator>()
        val readers = mutableListOf<TableReader>()
        for (i in 0 until 2) {
            val path = "/t$i.sst".toPath()
            writeTable(fs, path, parts[i], options(blockSize = 512, restart = 4))
            val r = TableReader.open(fs, path, i.toLong(), BlockCache(1 shl 20))
            readers += r
            children += r.newIterator(true)
        }
        for (i in 2 until 4) {
            val m = MemTable(i.toLong())
            parts[i].forEach { m.add(it.key, it.value, 0) }
            children += m.iterator()
        }
        withClue("seed=${seed + 1}") {
            val merged = MergingIterator(children)
            randomWalk(merged, entries, random, 5000)
            merged.close()
        }
        readers.forEach { it.close() }
    }
})

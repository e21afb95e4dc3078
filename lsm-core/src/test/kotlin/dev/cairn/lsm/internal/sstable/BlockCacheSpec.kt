// Specifies the block cache: LRU order, byte accounting, per-file eviction, hit/miss counts via tables.
package dev.cairn.lsm.internal.sstable

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

private fun blockOfSize(bytes: Int): Block {
    val data = ByteArray(bytes) // zero restart count at the end: an empty block of that size
    return Block(data, 4, "t.sst", 0)
}

class BlockCacheSpec : FunSpec({
    test("the least recently used block is evicted first when the byte budget is exceeded") {
        val b = blockOfSize(1000)
        val cache = BlockCache(3L * b.charge(), 1)
        cache.put(1, 0, b)
        cache.put(1, 100, b)
        cache.put(1, 200, b)
        cache.usedBytes() shouldBe 3L * b.charge()
        cache.get(1, 0) shouldNotBe null // touch: now 100 is the eldest
        cache.put(1, 300, b)
        cache.get(1, 100) shouldBe null
        cache.get(1, 0) shouldNotBe null
        cache.get(1, 200) shouldNotBe null
        cache.get(1, 300) shouldNotBe null
        cache.hits() shouldBe 4
        cache.misses() shouldBe 1
        cache.usedBytes() shouldBe 3L * b.charge()
    }

    test("a block larger than the cache is not kept, and replacing a block keeps the accounting right") {
        val cache = BlockCache(5000, 1)
        cache.put(1, 0, blockOfSize(10_000))
        cache.usedBytes() shouldBe 0
        cache.put(1, 0, blockOfSize(1000))
        cache.put(1, 0, blockOfSize(2000))
        cache.usedBytes() shouldBe blockOfSize(2000).charge().toLong()
    }

    test("evictFile drops every block of one file and no other") {
        val cache = BlockCache(1L shl 20)
        for (off in 0L until 50L) {
            cache.put(7, off * 4096, blockOfSize(100))
            cache.put(8, off * 4096, blockOfSize(100))
        }
        cache.evictFile(7)
        (0L until 50L).count { cache.get(7, it * 4096) != null } shouldBe 0
        (0L until 50L).count { cache.get(8, it * 4096) != null } shouldBe 50
        cache.usedBytes() shouldBe 50L * blockOfSize(100).charge()
    }

    test("a sharded cache never holds more than its capacity") {
        val cache = BlockCache(16L * 64 * 1024)
        val random = Random(11)
        repeat(5000) { cache.put(random.nextLong(0, 4), random.nextLong(0, 10_000), blockOfSize(100 + random.nextInt(4000))) }
        (cache.usedBytes() <= cache.capacityBytes()) shouldBe true
        (cache.usedBytes() > cache.capacityBytes() / 2) shouldBe true
    }

    test("bad shard counts are refused") {
        shouldThrow<IllegalArgumentException> { BlockCache(1000, 3) }
        shouldThrow<IllegalArgumentException> { BlockCache(-1) }
    }

    test("table reads fill the cache, hit it the second time, and fillCache=false leaves it alone") {
        val fs = FakeFileSystem()
        val entries = randomEntries(Random(5), 2000)
        writeTable(fs, "/t.sst".toPath(), entries)
        val cache = BlockCache(8L shl 20)
        TableReader.open(fs, "/t.sst".toPath(), 9, cache).use { t ->
            t.newIterator(false).use { it.forwardScan() }
            cache.usedBytes() shouldBe 0
            val missesAfterScan = cache.misses()
            (missesAfterScan > 10) shouldBe true
            t.newIterator(true).use { it.forwardScan() }
            val blocks = cache.misses() - missesAfterScan
            cache.hits() shouldBe 0
            t.newIterator(true).use { it.forwardScan() }
            cache.hits() shouldBe blocks
            val e = entries[entries.size / 2]
            t.get(dev.cairn.lsm.internal.key.InternalKey.userKey(e.key), Long.MAX_VALUE ushr 8, true) shouldNotBe null
            cache.hits() shouldBe blocks + 1
        }
        cache.evictFile(9)
        cache.usedBytes() shouldBe 0
        fs.checkNoOpenFiles()
    }
})

// TTL with a test clock: expired entries disappear from reads at once and from disk through
// compaction; under time-window, a wholly expired window's table is dropped without being read.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.time.Duration

class TtlCompactionSpec : FunSpec({
    val hour = 3_600_000L

    fun open(fake: FakeFileSystem, clock: MutableClock, strategy: CompactionStrategy, jobs: JobCounter) =
        LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(SynchronizedFileSystem(fake))
            .memtableSizeBytes(256 * 1024).compaction(strategy).ttl(Duration.ofHours(2)).clock(clock).listener(jobs).build())

    test("time-window: an expired window's table is dropped whole, the newer window stays readable") {
        val fake = FakeFileSystem()
        val clock = MutableClock(100 * hour)
        val jobs = JobCounter()
        open(fake, clock, CompactionStrategy.timeWindow(Duration.ofHours(1)), jobs).use { db ->
            for (i in 0 until 1000) db.put(testKey(i), ByteArray(100) { 1 })
            db.flush()
            clock.advance(hour)
            for (i in 1000 until 2000) db.put(testKey(i), ByteArray(100) { 2 })
            db.flush()
            awaitSettled(db, jobs)
            db.stats().tableCount() shouldBe 2
            clock.advance(hour + 60_000)
            // Reads hide the first window at once.
            db.get(testKey(5)) shouldBe null
            db.get(testKey(1005))!!.toList() shouldBe ByteArray(100) { 2 }.toList()
            val before = db.stats().tableBytes()
            // Any flush lets the picker look again.
            db.put(testKey(5000), byteArrayOf(3))
            db.flush()
            awaitSettled(db, jobs)
            val dropped = jobs.compactions.filter { it.reason() == "ttl expired" }
            dropped.shouldNotBeEmpty()
            dropped.all { it.bytesRead() == 0L && it.outputs().isEmpty() } shouldBe true
            db.stats().tableBytes() shouldBeLessThan before
            db.get(testKey(1005))!!.toList() shouldBe ByteArray(100) { 2 }.toList()
            db.get(testKey(5000))!!.toList() shouldBe listOf<Byte>(3)
            clock.advance(3 * hour)
            db.put(testKey(6000), byteArrayOf(4))
            db.flush()
            awaitSettled(db, jobs)
            db.stats().tableCount() shouldBe 1
            db.get(testKey(6000))!!.toList() shouldBe listOf<Byte>(4)
        }
        fake.checkNoOpenFiles()
    }

    for (strategy in listOf(CompactionStrategy.leveled(), CompactionStrategy.sizeTiered())) {
        test("${strategy.kind()}: a full compaction removes expired entries from disk") {
            val fake = FakeFileSystem()
            val clock = MutableClock(100 * hour)
            val jobs = JobCounter()
            open(fake, clock, strategy, jobs).use { db ->
                for (i in 0 until 2000) db.put(testKey(i), ByteArray(100) { 1 })
                for (i in 0 until 2000 step 2) db.delete(testKey(i))
                db.flush()
                clock.advance(hour)
                for (i in 0 until 100) db.put(testKey(i), ByteArray(100) { 2 })
                db.flush()
                awaitSettled(db, jobs)
                clock.advance(hour + 60_000)
                db.compactRange(null, null)
                // Only the 100 young entries are left (the expired ones under them were dropped too).
                db.stats().tableBytes() shouldBeLessThan 100L * 150 + 4096
                for (i in 0 until 100) db.get(testKey(i))!!.toList() shouldBe ByteArray(100) { 2 }.toList()
                db.get(testKey(101)) shouldBe null
                db.get(testKey(1999)) shouldBe null
            }
            fake.checkNoOpenFiles()
        }
    }
})

// Specifies the health figures of StoreStats: bytes read from tables, WAL syncs, point reads and
// the tables they probed (read amplification), the estimated live bytes (space amplification),
// and the open snapshots with the age of the oldest (a leaked transaction shows). Level-0 tables
// are kept apart (a high l0Trigger) so the probes per read are known exactly; a clock the spec
// moves by hand gives exact ages.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.TransactionOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import java.util.concurrent.atomic.AtomicLong

/** A clock the spec moves by hand. */
private class HandClock : Clock() {
    val millis = AtomicLong(1_800_000_000_000)
    override fun instant(): Instant = Instant.ofEpochMilli(millis.get())
    override fun millis(): Long = millis.get()
    override fun getZone(): ZoneId = ZoneOffset.UTC
    override fun withZone(zone: ZoneId?): Clock = this
}

private fun key(i: Int) = "key%05d".format(i).encodeToByteArray()
private fun value(i: Int, round: Int) = "value-$i-$round-".repeat(8).encodeToByteArray()

/** Leveled, level-0 tables left alone until 20 of them, no block cache. */
private fun options(fs: FakeFileSystem, clock: Clock = Clock.systemUTC()) = StoreOptions.builder().fileSystem(fs)
    .compaction(CompactionStrategy.builder(CompactionStrategy.Kind.LEVELED).l0Trigger(20).build())
    .blockCacheBytes(0).clock(clock).build()

class HealthStatsSpec : FunSpec({

    test("point reads count the tables they probe, and every table byte read is counted") {
        val fs = FakeFileSystem()
        LsmStore.open("/db".toPath(), options(fs)).use { db ->
            // Three level-0 tables, each holding every key (newest first when read).
            for (round in 0 until 3) {
                for (i in 0 until 100) db.put(key(i), value(i, round))
                db.flush()
            }
            db.stats().levels()[0].tableCount() shouldBe 3
            val before = db.stats()
            // Found in the newest table: one probe (level 0 stops once no older table can hold a newer version).
            db.get(key(5))!!.contentEquals(value(5, 2)) shouldBe true
            var s = db.stats()
            (s.pointReads() - before.pointReads()) shouldBe 1L
            (s.tablesProbed() - before.tablesProbed()) shouldBe 1L
            s.tableBytesRead() shouldBeGreaterThan before.tableBytesRead() // the data block, no cache
            // A missing key inside every table's range: all three are probed (bloom filters answer).
            db.get("key00005x".encodeToByteArray()) shouldBe null
            s = db.stats()
            (s.pointReads() - before.pointReads()) shouldBe 2L
            (s.tablesProbed() - before.tablesProbed()) shouldBe 4L
            // A key outside every table's range, and one in the memtable: no probe.
            db.get("zzz".encodeToByteArray()) shouldBe null
            db.put(key(7), value(7, 3))
            db.get(key(7))!!.contentEquals(value(7, 3)) shouldBe true
            s = db.stats()
            (s.pointReads() - before.pointReads()) shouldBe 4L
            (s.tablesProbed() - before.tablesProbed()) shouldBe 4L
            s.readAmplification() shouldBe (s.tablesProbed().toDouble() / s.pointReads() plusOrMinus 1e-12)
        }
        // A read-only store counts its own reads.
        LsmStore.openReadOnly("/db".toPath(), options(fs)).use { ro ->
            ro.stats().pointReads() shouldBe 0L
            ro.get(key(9))!!.contentEquals(value(9, 2)) shouldBe true
            ro.stats().pointReads() shouldBe 1L
            ro.stats().tableBytesRead() shouldBeGreaterThan 0L
        }
    }

    test("WAL syncs count synced groups, memtable switches and close, not unsynced writes") {
        val fs = FakeFileSystem()
        LsmStore.open("/db".toPath(), options(fs)).use { db ->
            val start = db.stats().walSyncs()
            db.put(key(1), value(1, 0))
            db.write(WriteBatch().put(key(2), value(2, 0)), WriteOptions.defaults())
            db.stats().walSyncs() shouldBe start
            db.write(WriteBatch().put(key(3), value(3, 0)), WriteOptions.sync())
            db.writeAsync(WriteBatch().put(key(4), value(4, 0)), WriteOptions.sync()).get()
            db.stats().walSyncs() shouldBe start + 2
            db.flush() // the old log is synced before the new one is made
            db.stats().walSyncs() shouldBe start + 3
        }
    }

    test("space amplification is 1 once compaction caught up, grows with overwrites and deletes not yet compacted") {
        val fs = FakeFileSystem()
        LsmStore.open("/db".toPath(), options(fs)).use { db ->
            db.stats().spaceAmplification() shouldBe 0.0 // no tables
            for (i in 0 until 500) db.put(key(i), value(i, 0))
            db.flush()
            db.compactRange(null, null)
            var s = db.stats()
            s.estimatedLiveBytes() shouldBe s.tableBytes()
            s.spaceAmplification() shouldBe 1.0
            val compacted = s.tableBytes()

            // Every key overwritten with a value of the same size: the old versions are dead weight.
            for (i in 0 until 500) db.put(key(i), value(i, 1))
            db.flush()
            s = db.stats()
            s.estimatedLiveBytes() shouldBe compacted
            s.spaceAmplification() shouldBe (2.0 plusOrMinus 0.1)

            // Deleting every key makes the rest dead too; compacting it all away leaves no table.
            val batch = WriteBatch()
            for (i in 0 until 500) batch.delete(key(i))
            db.write(batch, WriteOptions.defaults())
            db.flush()
            (db.stats().spaceAmplification() > 2.0) shouldBe true
            db.compactRange(null, null)
            s = db.stats()
            s.tableCount() shouldBe 0
            s.estimatedLiveBytes() shouldBe 0L
            s.spaceAmplification() shouldBe 0.0
        }
    }

    test("the oldest open snapshot's age shows a snapshot or transaction left open, and returns to zero when closed") {
        val fs = FakeFileSystem()
        val clock = HandClock()
        LsmStore.open("/db".toPath(), options(fs, clock)).use { db ->
            db.stats().openSnapshots() shouldBe 0
            db.stats().oldestSnapshotAge() shouldBe Duration.ZERO
            val older = db.snapshot()
            clock.millis.addAndGet(7_000)
            val tx = db.beginTransaction(TransactionOptions.defaults())
            clock.millis.addAndGet(3_000)
            db.stats().openSnapshots() shouldBe 2
            db.stats().oldestSnapshotAge() shouldBe Duration.ofSeconds(10)
            older.close()
            db.stats().openSnapshots() shouldBe 1
            db.stats().oldestSnapshotAge() shouldBe Duration.ofSeconds(3) // the transaction's
            clock.millis.addAndGet(60_000)
            db.stats().oldestSnapshotAge() shouldBe Duration.ofSeconds(63)
            tx.close()
            db.stats().openSnapshots() shouldBe 0
            db.stats().oldestSnapshotAge() shouldBe Duration.ZERO
        }
    }
})

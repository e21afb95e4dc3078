// Specification of CairnMetrics: after a workload that writes, flushes, compacts and reads, every
// meter is read from a SimpleMeterRegistry and has moved as the workload implies; events the
// workload cannot provoke on demand (a stall, a background error, a dropped WAL record) are fed to
// the listener directly; close removes every meter.
package dev.cairn.lsm.micrometer

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.EventListener
import dev.cairn.lsm.FlushInfo
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.doubles.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.micrometer.core.instrument.simple.SimpleMeterRegistry
import java.nio.file.Files
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/** A clock the spec moves by hand, for the age of the oldest snapshot. */
private class SteppedClock(start: Long) : Clock() {
    val millis = AtomicLong(start)
    override fun instant(): Instant = Instant.ofEpochMilli(millis.get())
    override fun millis(): Long = millis.get()
    override fun getZone() = ZoneOffset.UTC
    override fun withZone(zone: java.time.ZoneId?) = this
}

class CairnMetricsSpec : FunSpec({
    fun key(i: Int) = "key-%06d".format(i).toByteArray()

    test("after writes, flushes, compactions and reads every meter has moved") {
        val dir = Files.createTempDirectory("cairn-metrics")
        val forwarded = AtomicInteger()
        val events = CairnMetrics.listener(object : EventListener {
            override fun onFlushEnd(info: FlushInfo) { forwarded.incrementAndGet() }
        })
        val clock = SteppedClock(1_700_000_000_000)
        val options = StoreOptions.builder().listener(events).memtableSizeBytes(64 shl 10).clock(clock)
            .compaction(CompactionStrategy.leveled()).blockCacheBytes(1 shl 20).build()
        try {
            LsmStore.open(dir, options).use { db ->
                val registry = SimpleMeterRegistry()
                val metrics = CairnMetrics(db, "orders", events)
                metrics.bindTo(registry)
                val store = metrics.timed()
                fun counter(name: String, vararg tags: String) = registry.get(name).tag("store", "orders").tags(*tags).functionCounter().count()
                fun gauge(name: String, vararg tags: String) = registry.get(name).tag("store", "orders").tags(*tags).gauge().value()

                counter("cairn.user.bytes.written") shouldBe 0.0
                for (i in 0 until 5_000) store.put(key(i), ByteArray(100) { i.toByte() })
                store.write(WriteBatch().delete(key(1)).put(key(2), ByteArray(10)))
                store.writeAsync(WriteBatch().put(key(3), ByteArray(10)), WriteOptions.sync()).get()
                store.flush()
                store.compactRange(null, null)
                for (i in 0 until 5_000 step 7) store.get(key(i))
                store.get(key(9_999_999))
                store.getOrIncomplete(key(0), ReadOptions.defaults(), ByteArray(0))
                gauge("cairn.snapshots.open") shouldBe 0.0
                gauge("cairn.snapshot.oldest.age") shouldBe 0.0
                val snapshot = db.snapshot()
                clock.millis.addAndGet(5_000)

                val stats = db.stats()
                withClue(stats.toString()) {
                    counter("cairn.user.bytes.written") shouldBe stats.userBytesWritten().toDouble()
                    counter("cairn.user.bytes.written") shouldBeGreaterThan 5_000.0 * 100
                    counter("cairn.wal.bytes.written") shouldBeGreaterThan 5_000.0 * 100
                    counter("cairn.flush.bytes.written") shouldBeGreaterThan 0.0
                    counter("cairn.compaction.bytes.written") shouldBeGreaterThan 0.0
                    counter("cairn.compaction.bytes.read") shouldBeGreaterThan 0.0
                    gauge("cairn.write.amplification") shouldBe stats.writeAmplification()
                    gauge("cairn.write.amplification") shouldBeGreaterThan 0.0
                    counter("cairn.table.bytes.read") shouldBe stats.tableBytesRead().toDouble()
                    counter("cairn.table.bytes.read") shouldBeGreaterThan 0.0
                    counter("cairn.wal.syncs") shouldBe stats.walSyncs().toDouble()
                    counter("cairn.wal.syncs") shouldBeGreaterThan 0.0  // the synced write, memtable switches
                    counter("cairn.point.reads") shouldBe stats.pointReads().toDouble()
                    counter("cairn.point.reads") shouldBe (5_000.0 / 7 + 1).toLong() + 1.0 + 1.0
                    counter("cairn.tables.probed") shouldBe stats.tablesProbed().toDouble()
                    gauge("cairn.read.amplification") shouldBe stats.readAmplification()
                    gauge("cairn.read.amplification") shouldBeGreaterThan 0.5   // the reads reach the tables after the flush
                    gauge("cairn.space.amplification") shouldBe stats.spaceAmplification()
                    gauge("cairn.space.amplification") shouldBeGreaterThanOrEqual 1.0
                    gauge("cairn.snapshots.open") shouldBe 1.0
                    gauge("cairn.snapshot.oldest.age") shouldBe 5.0
                    gauge("cairn.memtable.bytes") shouldBeGreaterThan 0.0
                    gauge("cairn.memtable.immutable") shouldBe 0.0
                    gauge("cairn.compaction.pending.bytes") shouldBeGreaterThanOrEqual 0.0
                    gauge("cairn.table.bytes") shouldBe stats.tableBytes().toDouble()
                    gauge("cairn.tables") shouldBeGreaterThan 0.0
                    gauge("cairn.sequence.last") shouldBe stats.lastSequence().toDouble()
                    counter("cairn.stall.time") shouldBe stats.stallNanos() / 1e9
                    counter("cairn.block.cache.gets", "result", "hit") + counter("cairn.block.cache.gets", "result", "miss") shouldBeGreaterThan 0.0
                    counter("cairn.block.cache.gets", "result", "miss") shouldBeGreaterThan 0.0
                    gauge("cairn.block.cache.hit.ratio") shouldBe stats.blockCacheHitRate()
                    val levelBytes = stats.levels().sumOf { gauge("cairn.level.bytes", "level", it.level().toString()) }
                    levelBytes shouldBe stats.tableBytes().toDouble()
                    stats.levels().sumOf { gauge("cairn.level.tables", "level", it.level().toString()) } shouldBe stats.tableCount().toDouble()

                    val flush = registry.get("cairn.flush").tag("store", "orders").functionTimer()
                    flush.count() shouldBeGreaterThan 0.0
                    flush.totalTime(TimeUnit.NANOSECONDS) shouldBeGreaterThan 0.0
                    counter("cairn.flush.entries") shouldBeGreaterThan 0.0
                    forwarded.get().toDouble() shouldBe flush.count()
                    val compaction = registry.get("cairn.compaction").tag("store", "orders").functionTimer()
                    (compaction.count() + counter("cairn.compaction.moves")) shouldBeGreaterThan 0.0

                    val gets = registry.get("cairn.operation").tags("store", "orders", "op", "get").timer()
                    gets.count() shouldBe (5_000L / 7 + 1) + 1 + 1
                    gets.totalTime(TimeUnit.NANOSECONDS) shouldBeGreaterThan 0.0
                    registry.get("cairn.operation").tags("op", "write").timer().count() shouldBe 5_001L
                    registry.get("cairn.operation").tags("op", "write.async").timer().count() shouldBe 1L
                }
                snapshot.close()
                gauge("cairn.snapshot.oldest.age") shouldBe 0.0
                metrics.close()
                registry.meters.shouldBeEmpty()
            }
        } finally {
            dir.toFile().deleteRecursively()
        }
    }

    test("stalls, background errors and dropped WAL records reach their meters") {
        val dir = Files.createTempDirectory("cairn-metrics-events")
        val events = CairnMetrics.listener()
        try {
            LsmStore.open(dir, StoreOptions.builder().listener(events).build()).use { db ->
                val registry = SimpleMeterRegistry()
                CairnMetrics(db, "s", events).bindTo(registry)
                events.onStallBegin("level 0 tables")
                events.onStallEnd(Duration.ofMillis(3).toNanos())
                events.onBackgroundError(java.io.IOException("disk full"))
                events.onWalCorruption("000007.wal", 4096, 100, "checksum mismatch")
                val stall = registry.get("cairn.stall").functionTimer()
                stall.count() shouldBe 1.0
                stall.totalTime(TimeUnit.MILLISECONDS) shouldBe 3.0
                registry.get("cairn.background.errors").functionCounter().count() shouldBe 1.0
                registry.get("cairn.wal.corruptions").functionCounter().count() shouldBe 1.0
                registry.get("cairn.wal.bytes.dropped").functionCounter().count() shouldBe 100.0
            }
        } finally {
            dir.toFile().deleteRecursively()
        }
    }

    test("without a listener only the statistics meters are bound, and binding twice is refused") {
        val dir = Files.createTempDirectory("cairn-metrics-plain")
        try {
            LsmStore.open(dir, StoreOptions.defaults()).use { db ->
                val registry = SimpleMeterRegistry()
                val metrics = CairnMetrics(db, "plain")
                metrics.bindTo(registry)
                registry.find("cairn.flush").functionTimer() shouldBe null
                registry.get("cairn.tables").gauge().value() shouldBe 0.0
                io.kotest.assertions.throwables.shouldThrow<IllegalStateException> { metrics.bindTo(SimpleMeterRegistry()) }
                io.kotest.assertions.throwables.shouldThrow<IllegalStateException> { CairnMetrics(db, "x").timed() }
            }
        } finally {
            dir.toFile().deleteRecursively()
        }
    }
})


// The compaction advisor through real stores: seeded workloads (read-heavy with overwrites,
// write-heavy, an append-only time series with a TTL) get the strategy the model is built to
// suggest; every prediction is finite and positive; the measurements are those of the workload;
// bad handles are refused; after a reopen (and read-only) the advice rests on the tables alone.
package dev.cairn.lsm.advice

import dev.cairn.lsm.ColumnFamily
import dev.cairn.lsm.CompactionAdvice
import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.engine.JobCounter
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import dev.cairn.lsm.engine.awaitSettled
import dev.cairn.lsm.engine.testKey
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.time.Duration
import kotlin.random.Random

/** The store's default family's handle. */
private val LsmStore.DEFAULT: ColumnFamily get() = columnFamily(ColumnFamily.DEFAULT_NAME)!!

/** Sizes scaled down (64 KiB memtable and tables) so a few megabytes span several levels and tiers. */
private fun scaled(kind: CompactionStrategy.Kind): CompactionStrategy =
    CompactionStrategy.builder(kind).targetFileSize(64 * 1024).baseLevelSize(256 * 1024).minSstableSize(64 * 1024)
        .build()

private const val SEED = 2026_12_07L
private const val KEYS = 20_000

class CompactionAdviceSpec : FunSpec({
    fun options(fake: FakeFileSystem, clock: MutableClock, jobs: JobCounter, ttl: Duration? = null,
                strategy: CompactionStrategy = scaled(CompactionStrategy.Kind.LEVELED)) =
        StoreOptions.builder().fileSystem(SynchronizedFileSystem(fake)).memtableSizeBytes(64 * 1024)
            .compaction(strategy).ttl(ttl).clock(clock).listener(jobs).build()

    fun value(r: Random) = ByteArray(100).also { r.nextBytes(it) }

    fun checkPredictions(a: CompactionAdvice) {
        a.predictions().map { it.strategy().kind() } shouldBe CompactionStrategy.Kind.values().toList()
            .sortedBy { listOf(CompactionStrategy.Kind.LEVELED, CompactionStrategy.Kind.SIZE_TIERED,
                CompactionStrategy.Kind.TIME_WINDOW).indexOf(it) }
        for (p in a.predictions()) {
            for (x in listOf(p.writeAmplification(), p.readAmplification(), p.spaceAmplification(), p.cost())) {
                withClue("$p") {
                    x.isFinite() shouldBe true
                    x shouldBeGreaterThan 0.0
                }
            }
        }
    }

    test("a read-heavy workload with overwrites gets leveled: it reads the fewest tables") {
        val fake = FakeFileSystem()
        val jobs = JobCounter()
        val r = Random(SEED)
        LsmStore.open("/db".toPath(), options(fake, MutableClock(1_000_000), jobs,
            strategy = scaled(CompactionStrategy.Kind.SIZE_TIERED))).use { db ->
            for (i in (0 until KEYS).shuffled(r)) db.put(testKey(i), value(r))
            repeat(KEYS) { db.put(testKey(r.nextInt(KEYS)), value(r)) }
            db.flush()
            awaitSettled(db, jobs)
            repeat(5 * KEYS) { db.get(testKey(r.nextInt(KEYS))) }
            val a = db.compactionAdvice(db.DEFAULT)
            withClue("seed $SEED\n$a") {
                a.suggested().kind() shouldBe CompactionStrategy.Kind.LEVELED
                a.suggestsChange() shouldBe true
                checkPredictions(a)
                val m = a.measurements()
                m.puts() shouldBe 2L * KEYS
                m.pointReads() shouldBe 5L * KEYS
                m.deletes() shouldBe 0L
                // Half the puts rewrote a key: the hash sample sees that.
                m.overwriteRatio() shouldBe (0.5 plusOrMinus 0.05)
                m.distinctKeysWritten().toDouble() shouldBe (KEYS.toDouble() plusOrMinus KEYS * 0.15)
                m.liveBytes() shouldBeGreaterThan 0L
                a.prediction(CompactionStrategy.Kind.LEVELED).readAmplification() shouldBeGreaterThan 0.0
                (a.prediction(CompactionStrategy.Kind.SIZE_TIERED).readAmplification()
                    > a.prediction(CompactionStrategy.Kind.LEVELED).readAmplification()) shouldBe true
            }
        }
        fake.checkNoOpenFiles()
    }

    test("a write-heavy workload gets size-tiered: it rewrites the fewest bytes") {
        val fake = FakeFileSystem()
        val jobs = JobCounter()
        val r = Random(SEED + 1)
        LsmStore.open("/db".toPath(), options(fake, MutableClock(1_000_000), jobs)).use { db ->
            for (i in (0 until KEYS).shuffled(r)) db.put(testKey(i), value(r))
            repeat(3 * KEYS) { db.put(testKey(r.nextInt(KEYS)), value(r)) }
            repeat(KEYS / 10) { db.delete(testKey(r.nextInt(KEYS))) }
            db.flush()
            awaitSettled(db, jobs)
            repeat(KEYS / 10) { db.get(testKey(r.nextInt(KEYS))) }
            db.newCursor().use { c -> c.seekToFirst() }
            val a = db.compactionAdvice(db.DEFAULT)
            withClue("seed ${SEED + 1}\n$a") {
                a.current().kind() shouldBe CompactionStrategy.Kind.LEVELED
                a.suggested().kind() shouldBe CompactionStrategy.Kind.SIZE_TIERED
                checkPredictions(a)
                a.measurements().deletes() shouldBe KEYS / 10L
                a.measurements().scans() shouldBe 1L
                a.measurements().deleteRatio() shouldBe ((KEYS / 10.0) / (4 * KEYS + KEYS / 10) plusOrMinus 1e-9)
                (a.prediction(CompactionStrategy.Kind.SIZE_TIERED).writeAmplification()
                    < a.prediction(CompactionStrategy.Kind.LEVELED).writeAmplification()) shouldBe true
                a.reason() shouldContain "size-tiered"
            }
        }
        fake.checkNoOpenFiles()
    }

    test("an append-only time series with a TTL gets time-window: windows expire whole, nothing is rewritten twice") {
        val fake = FakeFileSystem()
        val jobs = JobCounter()
        val clock = MutableClock(1_000_000_000)
        val r = Random(SEED + 2)
        val series = 50
        LsmStore.open("/db".toPath(), options(fake, clock, jobs, ttl = Duration.ofHours(1))).use { db ->
            // Each round writes one point per series, keyed series then time: appends within a
            // series, never an overwrite; 400 rounds 15 s apart span 100 minutes.
            for (round in 0 until 400) {
                for (s in 0 until series) {
                    db.put("s%03d-%012d".format(s, clock.millis()).toByteArray(), value(r))
                }
                clock.advance(15_000)
            }
            db.flush()
            awaitSettled(db, jobs)
            repeat(200) { db.get("s%03d-%012d".format(r.nextInt(series), clock.millis() - 15_000).toByteArray()) }
            val a = db.compactionAdvice(db.DEFAULT)
            withClue("seed ${SEED + 2}\n$a") {
                a.suggested().kind() shouldBe CompactionStrategy.Kind.TIME_WINDOW
                // A twentieth of the TTL per window.
                a.suggested().window() shouldBe Duration.ofMinutes(3)
                checkPredictions(a)
                val m = a.measurements()
                m.overwriteRatio() shouldBe 0.0
                m.ttl() shouldBe Duration.ofHours(1)
                m.oldestWriteAge().toMinutes() shouldBeGreaterThan 0L
                a.reason() shouldContain "TTL"
            }
        }
        fake.checkNoOpenFiles()
    }

    test("keys written in order are measured as appends") {
        val fake = FakeFileSystem()
        val jobs = JobCounter()
        LsmStore.open("/db".toPath(), options(fake, MutableClock(1_000_000), jobs)).use { db ->
            for (i in 0 until 5000) db.put(testKey(i), ByteArray(10))
            val m = db.compactionAdvice(db.DEFAULT).measurements()
            m.appendRatio() shouldBe 1.0
            m.overwriteRatio() shouldBe 0.0
            // 5000 keys overflow the 4096-key sample once: it keeps about half, each counting twice.
            m.distinctKeysWritten().toDouble() shouldBe (5000.0 plusOrMinus 500.0)
        }
    }

    test("a handle of another store, a dropped family, or none, is refused with IllegalArgumentException") {
        val fake = FakeFileSystem()
        LsmStore.open("/db".toPath(), options(fake, MutableClock(1_000_000), JobCounter())).use { db ->
            val other = object : ColumnFamily {
                override fun name() = "users"
            }
            shouldThrow<IllegalArgumentException> { db.compactionAdvice(other) }.message shouldContain "users"
            val events = db.createColumnFamily("events", dev.cairn.lsm.ColumnFamilyOptions.defaults())
            db.compactionAdvice(events).measurements().operations() shouldBe 0L
            db.put(events, "e1".toByteArray(), "v".toByteArray())
            db.compactionAdvice(events).measurements().writes() shouldBe 1L // each family measures its own writes
            db.compactionAdvice(db.DEFAULT).measurements().writes() shouldBe 0L
            db.dropColumnFamily(events)
            shouldThrow<IllegalArgumentException> { db.compactionAdvice(events) }
            shouldThrow<IllegalArgumentException> { db.compactionAdvice(null) }
        }
    }

    test("after a reopen the workload is measured afresh: the advice keeps the strategy and rests on the tables") {
        val fake = FakeFileSystem()
        val jobs = JobCounter()
        val r = Random(SEED + 3)
        val opts = options(fake, MutableClock(1_000_000), jobs)
        LsmStore.open("/db".toPath(), opts).use { db ->
            for (i in (0 until KEYS).shuffled(r)) db.put(testKey(i), value(r))
            db.flush()
            awaitSettled(db, jobs)
        }
        LsmStore.open("/db".toPath(), opts).use { db ->
            val a = db.compactionAdvice(db.DEFAULT)
            withClue("$a") {
                a.measurements().operations() shouldBe 0L
                a.measurements().liveBytes() shouldBeGreaterThan 0L
                a.suggested() shouldBe a.current()
                a.reason() shouldContain "no operation measured"
                checkPredictions(a)
                a.toString() shouldContain "keep"
            }
        }
        LsmStore.openReadOnly("/db".toPath(), opts).use { db ->
            repeat(100) { db.get(testKey(r.nextInt(KEYS))) }
            val a = db.compactionAdvice(db.DEFAULT)
            withClue("$a") {
                a.measurements().pointReads() shouldBe 100L
                a.measurements().writes() shouldBe 0L
                a.current().kind() shouldBe CompactionStrategy.Kind.LEVELED
                checkPredictions(a)
            }
            shouldThrow<IllegalArgumentException> {
                db.compactionAdvice(object : ColumnFamily { override fun name() = "x" })
            }
        }
        fake.checkNoOpenFiles()
    }
})

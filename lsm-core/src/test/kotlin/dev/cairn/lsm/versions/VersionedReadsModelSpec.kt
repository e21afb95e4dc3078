// Versioned reads against an oracle that records every commit with its time: gets, cursors (both
// directions, seeks) as of random instants inside the window, and histories, across flushes,
// compactions and reopens, with a test clock (no sleeps). Seeded; the seed is in every failure.
package dev.cairn.lsm.versions

import dev.cairn.lsm.Cursor
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll
import java.time.Duration
import java.time.Instant
import java.util.TreeMap
import kotlin.random.Random
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private const val WINDOW = 2_000L
private const val START = 1_000_000_000L

private fun key(i: Int) = "k%02d".format(i)

private fun scanForward(c: Cursor, from: String?): List<Pair<String, String>> {
    val out = ArrayList<Pair<String, String>>()
    if (from == null) c.seekToFirst() else c.seek(from.toByteArray())
    while (c.isValid()) {
        out += c.key().decodeToString() to c.value().decodeToString()
        c.next()
    }
    return out
}

private fun scanBackward(c: Cursor, from: String?): List<Pair<String, String>> {
    val out = ArrayList<Pair<String, String>>()
    if (from == null) c.seekToLast() else c.seekForPrev(from.toByteArray())
    while (c.isValid()) {
        out += c.key().decodeToString() to c.value().decodeToString()
        c.prev()
    }
    return out
}

/** @param separation the value-separation threshold (0: every value in the tables) */
private class Run(seed: Long, separation: Int = 0) {
    val rnd = Random(seed)
    val fs = SynchronizedFileSystem(FakeFileSystem())
    val clock = MutableClock(START)
    val oracle = VersionOracle()
    val options = StoreOptions.builder().fileSystem(fs).clock(clock).memtableSizeBytes(8 * 1024)
        .retainVersions(Duration.ofMillis(WINDOW)).valueSeparationThreshold(separation).build()
    var db: LsmStore = LsmStore.open("/db".toPath(), options)
    var checks = 0

    fun step() {
        clock.advance(rnd.nextLong(0, 60))
        val ops = List(rnd.nextInt(1, 4)) {
            val k = key(rnd.nextInt(30))
            when (rnd.nextInt(10)) {
                0, 1 -> Op(k, null)
                2 -> Op(k, null, key(minOf(30, k.substring(1).toInt() + rnd.nextInt(1, 6))))
                else -> Op(k, "v${oracle.commits.size}-${rnd.nextInt(1000)}" + "x".repeat(rnd.nextInt(40)))
            }
        }
        val batch = WriteBatch()
        for (op in ops) {
            when {
                op.to != null -> batch.deleteRange(op.key.toByteArray(), op.to.toByteArray())
                op.value == null -> batch.delete(op.key.toByteArray())
                else -> batch.put(op.key.toByteArray(), op.value.toByteArray())
            }
        }
        db.write(batch)
        oracle.record(clock.millis(), ops)
        when (rnd.nextInt(40)) {
            0 -> db.flush()
            1 -> db.compactRange(null, null)
            2 -> {
                db.close()
                db = LsmStore.open("/db".toPath(), options)
            }
            3, 4, 5 -> check()
        }
    }

    fun check() {
        checks++
        val now = clock.millis()
        val lowest = maxOf(START, now - WINDOW) // the map covers the store from its first open on
        val t = lowest + rnd.nextLong(0, now - lowest + 1)
        val expected: TreeMap<String, String> = oracle.stateAt(t)
        val read = ReadOptions.asOf(Instant.ofEpochMilli(t))
        withClue("as of $t (now $now)") {
            for (i in 0 until 31) {
                db.get(key(i).toByteArray(), read)?.decodeToString() shouldBe expected[key(i)]
            }
            val from = if (rnd.nextBoolean()) null else key(rnd.nextInt(31))
            db.newCursor(read).use { c ->
                scanForward(c, from) shouldBe (if (from == null) expected else expected.tailMap(from, true)).toList()
                scanBackward(c, from) shouldBe
                    (if (from == null) expected else expected.headMap(from, true)).descendingMap().toList()
            }
        }
        val k = key(rnd.nextInt(30))
        withClue("history of $k at $now") {
            val actual = db.history(k.toByteArray()).map {
                it.key().decodeToString() shouldBe k
                Expected(it.timestamp().toEpochMilli(), it.value()?.decodeToString())
            }
            actual shouldBe oracle.history(k, now - WINDOW)
        }
        val e = shouldThrow<IllegalArgumentException> {
            db.get(key(0).toByteArray(), ReadOptions.asOf(Instant.ofEpochMilli(lowest - 1)))
        }
        e.message shouldContain "retention window"
    }
}

class VersionedReadsModelSpec : FunSpec({
    test("gets, cursors and histories as of any instant inside the window match an oracle across flushes, compactions and reopens") {
        var checks = 0
        val iterations = if (System.getenv("CAIRN_LONG") == "1") 200 else 6
        checkAll(PropTestConfig(iterations = iterations), Arb.long()) { seed ->
            withClue("seed $seed") {
                val run = Run(seed)
                try {
                    repeat(400) { run.step() }
                    run.check()
                    checks += run.checks
                } finally {
                    run.db.close()
                }
            }
        }
        (checks > 30) shouldBe true
    }

    test("with values from 30 bytes kept in the value log, gets, cursors and histories match the oracle across flushes, compactions, blob collection and reopens") {
        var checks = 0
        var blobs = 0
        val iterations = if (System.getenv("CAIRN_LONG") == "1") 200 else 6
        checkAll(PropTestConfig(iterations = iterations), Arb.long()) { seed ->
            withClue("seed $seed") {
                val run = Run(seed, separation = 30)
                try {
                    repeat(400) {
                        run.step()
                        blobs = maxOf(blobs, run.db.stats().blobFileCount())
                    }
                    run.check()
                    checks += run.checks
                } finally {
                    run.db.close()
                }
            }
        }
        (checks > 30) shouldBe true
        (blobs > 0) shouldBe true
    }

    test("a ranged history lists every key of the range, keys ascending, each newest first") {
        val run = Run(42)
        try {
            repeat(300) { run.step() }
            val now = run.clock.millis()
            val actual = run.db.history("k05".toByteArray(), "k12".toByteArray())
            val expected = (5 until 12).flatMap { i ->
                run.oracle.history(key(i), now - WINDOW).map { key(i) to it }
            }
            actual.map { it.key().decodeToString() to Expected(it.timestamp().toEpochMilli(), it.value()?.decodeToString()) } shouldBe
                expected
            run.db.history(null as ByteArray?, null).map { it.key().decodeToString() }.distinct() shouldBe
                (0 until 30).map(::key).filter { run.oracle.history(it, now - WINDOW).isNotEmpty() }
        } finally {
            run.db.close()
        }
    }
})

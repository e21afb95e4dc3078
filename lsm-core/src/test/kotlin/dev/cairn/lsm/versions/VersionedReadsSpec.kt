// Versioned reads, case by case: commit times that never go back (within a run and across a
// reopen), bad input refused before anything is read, the store written before commit times
// were kept, and the space a window costs once compaction has run.
package dev.cairn.lsm.versions

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.time.Instant
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun b(s: String) = s.toByteArray()

private fun LsmStore.times(key: String) = history(b(key)).map { it.timestamp().toEpochMilli() }

private fun LsmStore.values(key: String) = history(b(key)).map { it.value()?.decodeToString() }

/** Copies the checked-in store written by main's code before commit times were kept. */
private fun preVersionsFixture(fs: FakeFileSystem): Path {
    val src = (System.getProperty("user.dir") + "/src/test/resources/fixtures/pre-versions-store").toPath()
    val dir = "/old".toPath()
    fs.createDirectories(dir)
    for (f in FileSystem.SYSTEM.list(src)) {
        fs.write(dir / f.name) { write(FileSystem.SYSTEM.read(f) { readByteArray() }) }
    }
    return dir
}

class VersionedReadsSpec : FunSpec({
    fun options(fs: FileSystem, clock: MutableClock, window: Duration? = Duration.ofHours(1)) =
        StoreOptions.builder().fileSystem(fs).clock(clock).memtableSizeBytes(64 * 1024).retainVersions(window).build()

    test("commit times never go back when the clock does, within a run and after a reopen without the logs") {
        val fs = SynchronizedFileSystem(FakeFileSystem())
        val clock = MutableClock(1_000_000)
        LsmStore.open("/db".toPath(), options(fs, clock)).use { db ->
            db.put(b("a"), b("1"))
            clock.advance(-10_000) // the wall clock is set back
            db.put(b("a"), b("2"))
            clock.advance(5)
            db.put(b("a"), b("3"))
            db.times("a") shouldBe listOf(1_000_000L, 1_000_000L, 1_000_000L)
            db.values("a") shouldBe listOf("3", "2", "1")
            // as of the clock's (earlier) present, every commit so far is visible
            db.get(b("a"), ReadOptions.asOf(Instant.ofEpochMilli(1_000_000)))!!.decodeToString() shouldBe "3"
            db.flush() // the log is gone: the floor must come from the manifest
        }
        clock.advance(-50_000)
        LsmStore.open("/db".toPath(), options(fs, clock)).use { db ->
            db.put(b("a"), b("4"))
            db.times("a").first() shouldBe 1_000_000L
            clock.advance(2_000_000)
            db.put(b("a"), b("5"))
            db.times("a") shouldBe listOf(2_940_005L, 1_000_000L, 1_000_000L, 1_000_000L, 1_000_000L)
        }
        // Without retention the floor comes from the tables' write times.
        LsmStore.open("/db".toPath(), options(fs, clock, null)).use { db -> db.flush() }
        clock.advance(-1_000_000)
        LsmStore.open("/db".toPath(), options(fs, clock)).use { db ->
            db.put(b("b"), b("x"))
            db.history(b("b")).single().timestamp().toEpochMilli() shouldBe 2_940_005L
        }
    }

    test("bad input is refused clearly: outside the window, without retention, nulls, a reversed range") {
        val fs = SynchronizedFileSystem(FakeFileSystem())
        val clock = MutableClock(10_000_000)
        LsmStore.open("/db".toPath(), options(fs, clock, Duration.ofSeconds(10))).use { db ->
            db.put(b("a"), b("1"))
            clock.advance(60_000)
            db.put(b("a"), b("2"))
            val old = shouldThrow<IllegalArgumentException> {
                db.get(b("a"), ReadOptions.asOf(Instant.ofEpochMilli(10_000_000)))
            }
            old.message shouldContain "outside the retention window (PT10S"
            shouldThrow<IllegalArgumentException> { db.newCursor(ReadOptions.asOf(Instant.EPOCH)) }
                .message shouldContain "retention window"
            shouldThrow<IllegalArgumentException> { db.get(b("a"), ReadOptions.asOf(Instant.MIN)) }
            db.get(b("a"), ReadOptions.asOf(Instant.MAX))!!.decodeToString() shouldBe "2"
            shouldThrow<IllegalArgumentException> { db.history(null as ByteArray?) }
            shouldThrow<IllegalArgumentException> { db.history(b("z"), b("a")) }.message shouldContain "from"
            // Just inside the window: the first value is what the key held when it began.
            db.values("a") shouldBe listOf("2", "1")
        }
        shouldThrow<IllegalArgumentException> { ReadOptions.asOf(null) }.message shouldContain "instant"
        for (bad in listOf(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(40_000))) {
            shouldThrow<IllegalArgumentException> { StoreOptions.builder().retainVersions(bad) }
                .message shouldContain "retainVersions"
        }
        LsmStore.open("/db".toPath(), options(fs, clock, null)).use { db ->
            shouldThrow<IllegalArgumentException> { db.get(b("a"), ReadOptions.asOf(Instant.ofEpochMilli(clock.millis()))) }
                .message shouldContain "does not retain versions"
            shouldThrow<IllegalArgumentException> { db.history(b("a")) }.message shouldContain "does not retain versions"
        }
        LsmStore.openReadOnly("/db".toPath(), options(fs, clock)).use { ro ->
            // a read-only store serves no versioned reads, and says so
            shouldThrow<IllegalArgumentException> { ro.get(b("a"), ReadOptions.asOf(Instant.ofEpochMilli(clock.millis()))) }
                .message shouldContain "read-only store serves no versioned reads"
            shouldThrow<IllegalArgumentException> { ro.newCursor(ReadOptions.asOf(Instant.ofEpochMilli(clock.millis()))) }
                .message shouldContain "read-only store serves no versioned reads"
            shouldThrow<IllegalArgumentException> { ro.history(b("a")) }.message shouldContain "read-only store serves no versioned reads"
            shouldThrow<IllegalArgumentException> { ro.history(null as ByteArray?, null) }.message shouldContain "retainVersions"
        }
    }

    test("a store written by main's code before commit times were kept opens, reads, and keeps versions from then on") {
        val fake = FakeFileSystem()
        val dir = preVersionsFixture(fake)
        val written = 1_700_000_000_000L // the fixed clock the fixture was written with
        val clock = MutableClock(written + 100_000)
        val expected = sortedMapOf<String, String>()
        for (i in 0 until 100) expected["k%03d".format(i)] = if (i < 50) "v2-$i" else "v1-$i"
        for (k in listOf("k010", "k001", "k020", "k021", "k090", "k091", "k092", "k093", "k094")) expected.remove(k)
        expected["k100"] = "wal-only"
        LsmStore.open(dir, options(SynchronizedFileSystem(fake), clock)).use { db ->
            val all = ArrayList<Pair<String, String>>()
            db.newCursor().use { c ->
                c.seekToFirst()
                while (c.isValid()) { all += c.key().decodeToString() to c.value().decodeToString(); c.next() }
            }
            all shouldBe expected.toList()
            // The map begins with the oldest commit still in the log: as of then, the whole store.
            db.get(b("k100"), ReadOptions.asOf(Instant.ofEpochMilli(written)))!!.decodeToString() shouldBe "wal-only"
            shouldThrow<IllegalArgumentException> { db.get(b("k100"), ReadOptions.asOf(Instant.ofEpochMilli(written - 1))) }
            // Old entries: the value a key held when the map began, stamped with its write time.
            db.history(b("k000")).map { it.timestamp().toEpochMilli() to it.value()!!.decodeToString() } shouldBe
                listOf(written to "v2-0")
            db.history(b("k001")).shouldBeEmpty()
            clock.advance(1_000)
            db.put(b("k000"), b("new"))
            db.delete(b("k050"))
            db.values("k000") shouldBe listOf("new", "v2-0")
            db.values("k050") shouldBe listOf(null, "v1-50")
            db.get(b("k000"), ReadOptions.asOf(Instant.ofEpochMilli(written + 100_000)))!!.decodeToString() shouldBe "v2-0"
        }
        clock.advance(1_000)
        LsmStore.open(dir, options(SynchronizedFileSystem(fake), clock)).use { db ->
            db.compactRange(null, null)
            db.values("k000") shouldBe listOf("new", "v2-0")
            db.get(b("k050"), ReadOptions.asOf(Instant.ofEpochMilli(written + 100_000)))!!.decodeToString() shouldBe "v1-50"
        }
        // Opened without retention, as main opens it: the same data.
        LsmStore.open(dir, options(SynchronizedFileSystem(fake), clock, null)).use { db ->
            db.get(b("k000"))!!.decodeToString() shouldBe "new"
            db.get(b("k099"))!!.decodeToString() shouldBe "v1-99"
        }
    }

    test("the space a window costs: every overwrite inside it is kept, and dropped once it has passed") {
        val figures = ArrayList<String>()
        var retainedBytes = 0L
        var plainBytes = 0L
        for (window in listOf<Duration?>(null, Duration.ofMinutes(10))) {
            val fs = SynchronizedFileSystem(FakeFileSystem())
            val clock = MutableClock(5_000_000_000)
            LsmStore.open("/db".toPath(), options(fs, clock, window)).use { db ->
                // 1,000 keys of 100-byte values, each overwritten 10 times over 10 minutes
                for (round in 0 until 10) {
                    for (i in 0 until 1000) db.put(b("key%05d".format(i)), ByteArray(100) { round.toByte() })
                    clock.advance(60_000)
                }
                db.compactRange(null, null)
                val bytes = db.stats().tableBytes()
                figures += "window $window: ${bytes / 1024} KiB after 10 overwrites of 1,000 keys"
                if (window == null) plainBytes = bytes else retainedBytes = bytes
                if (window != null) {
                    clock.advance(window.toMillis())
                    db.put(b("tick"), b("")) // a commit after the window passed
                    db.compactRange(null, null)
                    val after = db.stats().tableBytes()
                    figures += "window $window: ${after / 1024} KiB once the window has passed"
                    after shouldBeLessThan plainBytes * 3 / 2
                    db.history(b("key00007")).size shouldBe 1
                }
            }
        }
        println("Space cost of retainVersions: " + figures.joinToString("; "))
        plainBytes shouldBeLessThan retainedBytes / 5
    }
})

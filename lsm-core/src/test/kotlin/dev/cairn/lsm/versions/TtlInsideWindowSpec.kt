// A TTL shorter than the version-retention window: current reads hide a value once its TTL has
// passed (TTL wins), a read as of an instant inside the window sees it as it was then (expired or
// not at that instant), and compaction keeps it on disk until the window has passed its expiry,
// then drops it. Both ways compaction drops expired data are covered: rewriting a table and
// dropping a whole expired table.
package dev.cairn.lsm.versions

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.Cursor
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.TransactionOptions
import dev.cairn.lsm.engine.JobCounter
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import dev.cairn.lsm.engine.awaitSettled
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.time.Duration
import java.time.Instant
import okio.FileSystem
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun b(s: String) = s.toByteArray()
private fun ByteArray?.s() = this?.decodeToString()
private fun Cursor.forward(): List<String> = buildList { seekToFirst(); while (isValid) { add("${key().s()}=${value().s()}"); next() } }
private fun at(millis: Long) = ReadOptions.asOf(Instant.ofEpochMilli(millis))

class TtlInsideWindowSpec : FunSpec({
    val t0 = 50_000_000L

    fun options(fs: FileSystem, clock: MutableClock, strategy: CompactionStrategy, jobs: JobCounter, versioned: Boolean = true) =
        StoreOptions.builder().fileSystem(fs).clock(clock).memtableSizeBytes(64 * 1024).compaction(strategy).listener(jobs)
            .apply { if (versioned) ttl(Duration.ofSeconds(10)).retainVersions(Duration.ofSeconds(60)) }.build()

    var copies = 0

    /** What the store's files hold for [key]: a checkpoint of it, opened without TTL or window. */
    fun onDisk(db: LsmStore, fs: FileSystem, key: String): String? {
        val copy = "/copy${copies++}".toPath()
        db.checkpoint(copy)
        return LsmStore.open(copy, StoreOptions.builder().fileSystem(fs).build()).use { it.get(b(key)).s() }
    }

    for (strategy in listOf(CompactionStrategy.leveled(), CompactionStrategy.timeWindow(Duration.ofSeconds(30)))) {
        test("${strategy.kind()}: TTL wins for current reads; a read as of an instant sees the value as it was then, kept until the window passes its expiry") {
            val fake = FakeFileSystem()
            val fs = SynchronizedFileSystem(fake)
            val clock = MutableClock(t0)
            val jobs = JobCounter()
            LsmStore.open("/db".toPath(), options(fs, clock, strategy, jobs)).use { db ->
                db.put(b("a"), b("old")) // written at t0: expires at t0 + 10 s
                db.flush()
                clock.advance(65_000) // now t0 + 65 s: the window begins at t0 + 5 s
                db.put(b("b"), b("new"))
                db.flush() // lets the picker look for whole expired tables
                awaitSettled(db, jobs)
                db.compactRange(null, null)
                db.get(b("a")) shouldBe null // expired now
                db.get(b("b")).s() shouldBe "new"
                db.get(b("a"), at(t0 + 5_000)).s() shouldBe "old" // not expired at that instant
                db.get(b("a"), at(t0 + 30_000)) shouldBe null // expired by then
                db.newCursor(at(t0 + 5_000)).use { it.forward() shouldBe listOf("a=old") }
                db.newCursor(at(t0 + 65_000)).use { it.forward() shouldBe listOf("b=new") }
                db.beginTransaction(TransactionOptions.readOnly().asOf(Instant.ofEpochMilli(t0 + 5_000))).use { tx ->
                    tx.get(b("a")).s() shouldBe "old"
                    tx.newCursor().use { it.forward() shouldBe listOf("a=old") }
                }
                onDisk(db, fs, "a") shouldBe "old" // the window still needs it
                // an as-of transaction open while the window passes keeps its view
                val held = db.beginTransaction(TransactionOptions.readOnly().asOf(Instant.ofEpochMilli(t0 + 5_000)))
                clock.advance(20_000) // now t0 + 85 s: the window begins at t0 + 25 s, after a's expiry
                db.put(b("c"), b("x"))
                db.flush()
                awaitSettled(db, jobs)
                db.compactRange(null, null)
                held.get(b("a")).s() shouldBe "old"
                held.newCursor().use { it.forward() shouldBe listOf("a=old") }
                held.close()
                db.get(b("a"), at(t0 + 25_000)) shouldBe null
                db.put(b("d"), b("y"))
                db.flush()
                awaitSettled(db, jobs)
                db.compactRange(null, null)
                onDisk(db, fs, "a") shouldBe null // dropped once no read can see it
                onDisk(db, fs, "b") shouldBe "new"
            }
            fake.checkNoOpenFiles()
        }
    }
})

// A checkpoint or a restored backup of a store that retains versions carries its commit-time map:
// opened with the same window, the copy lists the same histories and answers the same asOf reads
// as the store did at the copy's sequence (tables, memtables and range tombstones alike).
package dev.cairn.lsm.versions

import dev.cairn.lsm.Backups
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.time.Instant
import okio.FileSystem
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun b(s: String) = s.toByteArray()

/** Every key's history as (time, value) pairs, newest first. */
private fun LsmStore.histories() =
    history(null as ByteArray?, null).map { Triple(it.key().decodeToString(), it.timestamp().toEpochMilli(), it.value()?.decodeToString()) }

private fun LsmStore.asOf(key: String, at: Long) =
    get(b(key), ReadOptions.asOf(Instant.ofEpochMilli(at)))?.decodeToString()

class CopiedHistorySpec : FunSpec({
    fun options(fs: FileSystem, clock: MutableClock) =
        StoreOptions.builder().fileSystem(fs).clock(clock).memtableSizeBytes(64 * 1024)
            .retainVersions(Duration.ofHours(1)).build()

    /** Writes a history across a flush and the memtable, with a range delete; returns the instants probed. */
    fun writeHistory(db: LsmStore, clock: MutableClock): List<Long> {
        val probes = mutableListOf(clock.millis())
        for (round in 1..3) {
            clock.advance(1_000)
            db.put(b("a"), b("a$round"))
            db.put(b("b"), b("b$round"))
            probes += clock.millis()
            if (round == 2) {
                db.flush()
            }
        }
        clock.advance(1_000)
        db.deleteRange(b("b"), b("c"))
        probes += clock.millis()
        clock.advance(1_000)
        db.put(b("a"), b("a4"))
        db.put(b("a"), b("a5")) // same millisecond
        probes += clock.millis()
        return probes
    }

    test("a checkpoint opened with the same window answers history and asOf like its source") {
        val fs = SynchronizedFileSystem(FakeFileSystem())
        val clock = MutableClock(5_000_000)
        LsmStore.open("/db".toPath(), options(fs, clock)).use { db ->
            val probes = writeHistory(db, clock)
            val histories = db.histories()
            histories.size shouldBe 9
            db.checkpoint("/cp".toPath())
            clock.advance(1_000)
            db.put(b("a"), b("after the checkpoint"))
            LsmStore.open("/cp".toPath(), options(fs, clock)).use { cp ->
                cp.histories() shouldBe histories
                for (t in probes) {
                    for (k in listOf("a", "b")) {
                        withClue("$k as of $t") { cp.asOf(k, t) shouldBe db.asOf(k, t) }
                    }
                }
                cp.asOf("a", clock.millis()) shouldBe "a5"
                // the copy's map starts where the source's did: nothing before it is claimed
                shouldThrow<IllegalArgumentException> { cp.asOf("a", probes.first() - 1) }
                    .message shouldContain "retention window"
            }
        }
    }

    test("a restored backup keeps the commit times, and a checkpoint of the copy keeps them again") {
        val fs = SynchronizedFileSystem(FakeFileSystem())
        val clock = MutableClock(7_000_000)
        LsmStore.open("/db".toPath(), options(fs, clock)).use { db ->
            writeHistory(db, clock)
            val histories = db.histories()
            Backups.open("/backups".toPath(), fs).use { backups ->
                val info = backups.create(db)
                backups.restore(info.id(), "/restored".toPath())
            }
            LsmStore.open("/restored".toPath(), options(fs, clock)).use { r ->
                r.histories() shouldBe histories
                clock.advance(1_000)
                r.put(b("a"), b("a6"))
                r.checkpoint("/cp2".toPath())
                val after = r.histories()
                LsmStore.open("/cp2".toPath(), options(fs, clock)).use { cp -> cp.histories() shouldBe after }
            }
        }
    }
})



// Specification of leveled compaction's trivial move (LevelDB's): a table that nothing in the
// next level overlaps goes down by a manifest edit alone, its file untouched, so a sequential
// fill writes each table once; what was written reads back, before and after a reopen. Random
// writes, whose level-0 tables all overlap, are still merged.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

private fun value(i: Int) = ByteArray(100) { (i * 31 + it).toByte() }

private fun options(fake: FakeFileSystem, jobs: JobCounter) = StoreOptions.builder()
    .fileSystem(SynchronizedFileSystem(fake)).memtableSizeBytes(32 * 1024)
    .compaction(CompactionStrategy.leveled()).listener(jobs).build()

class TrivialMoveSpec : FunSpec({

    test("a sequential fill moves its tables down a level instead of rewriting them") {
        val fake = FakeFileSystem()
        val jobs = JobCounter()
        val n = 20_000
        LsmStore.open("/db".toPath(), options(fake, jobs)).use { db ->
            for (i in 0 until n) db.put(testKey(i), value(i))
            db.flush()
            awaitSettled(db, jobs)
            val moves = jobs.compactions.filter { it.reason().endsWith(" (moved)") }
            moves.size shouldBeGreaterThan 0
            for (m in moves) {
                m.inputs().size shouldBe 1
                m.outputs() shouldBe m.inputs()
                m.bytesRead() shouldBe 0L
                m.bytesWritten() shouldBe 0L
            }
            jobs.compactions.sumOf { it.bytesWritten() } shouldBe 0L
            db.stats().levels().drop(1).sumOf { it.tableCount() } shouldBeGreaterThan 0
            for (i in 0 until n) db.get(testKey(i))!!.contentEquals(value(i)) shouldBe true
        }
        LsmStore.open("/db".toPath(), options(fake, JobCounter())).use { db ->
            var count = 0
            db.newCursor().use { c ->
                c.seekToFirst()
                while (c.isValid) {
                    c.key().contentEquals(testKey(count)) shouldBe true
                    c.value().contentEquals(value(count)) shouldBe true
                    count++
                    c.next()
                }
            }
            count shouldBe n
        }
        fake.checkNoOpenFiles()
    }

    test("level-0 tables of random writes overlap, so they are merged rather than moved") {
        val fake = FakeFileSystem()
        val jobs = JobCounter()
        val r = Random(7)
        LsmStore.open("/db".toPath(), options(fake, jobs)).use { db ->
            repeat(20_000) { db.put(testKey(r.nextInt(20_000)), value(it)) }
            db.flush()
            awaitSettled(db, jobs)
            jobs.compactions.filter { it.outputLevel() == 1 && !it.reason().endsWith(" (moved)") }.sumOf { it.bytesWritten() } shouldBeGreaterThan 0L
        }
        fake.checkNoOpenFiles()
    }
})

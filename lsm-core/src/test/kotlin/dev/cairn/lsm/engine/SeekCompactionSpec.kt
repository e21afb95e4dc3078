// LevelDB's seek-triggered compaction through the public API: point reads that keep looking past
// one table into another make the leveled strategy merge that table into the level below, with
// every key still readable; reads the first table answers, and other strategies, compact nothing.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

class SeekCompactionSpec : FunSpec({
    val keys = 1000

    /** Two level-0 tables over the same key range: even keys in the older, odd keys in the newer. */
    fun twoInterleavedTables(strategy: CompactionStrategy, jobs: JobCounter): LsmStore {
        val options = StoreOptions.builder().fileSystem(SynchronizedFileSystem(FakeFileSystem()))
            .compaction(strategy).listener(jobs).build()
        val db = LsmStore.open("/db".toPath(), options)
        for (parity in 0..1) {
            for (k in parity until keys step 2) {
                db.put(testKey(k), "v$k".toByteArray())
            }
            db.flush()
        }
        awaitSettled(db, jobs)
        db.stats().levels()[0].tableCount() shouldBe 2
        return db
    }

    fun LsmStore.readEvenKeys() {
        for (k in 0 until keys step 2) {
            String(get(testKey(k))!!) shouldBe "v$k"
        }
    }

    test("a level-0 table reads keep looking past is merged into level 1, whose blocks are cached as written, and every key reads as before") {
        val jobs = JobCounter()
        twoInterleavedTables(CompactionStrategy.leveled(), jobs).use { db ->
            db.readEvenKeys()
            awaitSettled(db, jobs)
            jobs.compactions.map { it.reason() } shouldBe listOf("seek compaction")
            db.stats().levels()[0].tableCount() shouldBe 0
            db.stats().levels()[1].tableCount() shouldBe 1
            val missesBefore = db.stats().blockCacheMisses()
            for (k in 0 until keys) {
                String(db.get(testKey(k))!!) shouldBe "v$k"
            }
            db.stats().blockCacheMisses() shouldBe missesBefore
        }
    }

    test("reads the first table answers charge nothing") {
        val jobs = JobCounter()
        twoInterleavedTables(CompactionStrategy.leveled(), jobs).use { db ->
            repeat(3) {
                for (k in 1 until keys step 2) {
                    String(db.get(testKey(k))!!) shouldBe "v$k"
                }
            }
            awaitSettled(db, jobs)
            jobs.compactions.shouldBeEmpty()
            db.stats().levels()[0].tableCount() shouldBe 2
        }
    }

    test("a size-tiered store does not compact by seeks") {
        val jobs = JobCounter()
        twoInterleavedTables(CompactionStrategy.sizeTiered(), jobs).use { db ->
            repeat(3) { db.readEvenKeys() }
            awaitSettled(db, jobs)
            jobs.compactions.shouldBeEmpty()
            db.stats().levels()[0].tableCount() shouldBe 2
        }
    }
})

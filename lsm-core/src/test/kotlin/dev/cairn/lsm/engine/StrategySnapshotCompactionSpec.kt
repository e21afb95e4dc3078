// Compaction under live snapshots: every version a live snapshot can see survives background and
// full compactions (puts, point deletes, range deletes); once the snapshots are released, a full
// compaction drops what they pinned.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.time.Duration

class StrategySnapshotCompactionSpec : FunSpec({
    val strategies = listOf(
        CompactionStrategy.builder(CompactionStrategy.Kind.LEVELED).l0Trigger(2).targetFileSize(8192)
            .baseLevelSize(32 * 1024).build(),
        CompactionStrategy.builder(CompactionStrategy.Kind.SIZE_TIERED).minSstableSize(0).minThreshold(2).build(),
        CompactionStrategy.builder(CompactionStrategy.Kind.TIME_WINDOW).window(Duration.ofDays(1)).minThreshold(2).build(),
    )
    for (strategy in strategies) {
        test("${strategy.kind()}: compaction keeps what live snapshots see") {
            val fake = FakeFileSystem()
            val jobs = JobCounter()
            val options = StoreOptions.builder().fileSystem(SynchronizedFileSystem(fake)).memtableSizeBytes(16 * 1024)
                .compaction(strategy).listener(jobs).build()
            LsmStore.open("/db".toPath(), options).use { db ->
                fun fill(tag: Byte) {
                    for (i in 0 until 500) db.put(testKey(i), ByteArray(50) { tag })
                    db.flush()
                }
                fill(1)
                val s1 = db.snapshot()
                fill(2)
                for (i in 0 until 100) db.delete(testKey(i))
                db.deleteRange(testKey(200), testKey(300))
                db.flush()
                val s2 = db.snapshot()
                fill(3)
                awaitSettled(db, jobs)
                db.compactRange(null, null)
                awaitSettled(db, jobs)
                for (i in 0 until 500) {
                    withClue("key $i") {
                        db.get(testKey(i), ReadOptions.at(s1))?.get(0) shouldBe 1.toByte()
                        db.get(testKey(i), ReadOptions.at(s2))?.get(0) shouldBe (if (i < 100 || i in 200 until 300) null else 2.toByte())
                        db.get(testKey(i))?.get(0) shouldBe 3.toByte()
                    }
                }
                val pinned = db.stats().tableBytes()
                s1.close()
                s2.close()
                db.compactRange(null, null)
                db.stats().tableBytes() shouldBeLessThan pinned
                for (i in 0 until 500) db.get(testKey(i))?.get(0) shouldBe 3.toByte()
            }
            fake.checkNoOpenFiles()
        }
    }
})

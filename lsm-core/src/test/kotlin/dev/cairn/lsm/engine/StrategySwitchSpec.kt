// A store written under one strategy opens under another and converges to its shape without
// losing or resurrecting anything: leveled -> size-tiered -> time-window -> leveled.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.time.Duration
import kotlin.random.Random

class StrategySwitchSpec : FunSpec({
    test("switching strategies on reopen converges and keeps every key") {
        val seed = 7L
        val fake = FakeFileSystem()
        val model = java.util.TreeMap<Int, Byte>()
        val r = Random(seed)
        val leveled = CompactionStrategy.builder(CompactionStrategy.Kind.LEVELED)
            .l0Trigger(2).targetFileSize(8 * 1024).baseLevelSize(32 * 1024).levelMultiplier(4).build()
        val tiered = CompactionStrategy.builder(CompactionStrategy.Kind.SIZE_TIERED).minSstableSize(16 * 1024).build()
        val windowed = CompactionStrategy.builder(CompactionStrategy.Kind.TIME_WINDOW).window(Duration.ofDays(1))
            .minSstableSize(16 * 1024).build()

        fun round(strategy: CompactionStrategy, check: (List<dev.cairn.lsm.LevelStats>) -> Unit) {
            val jobs = JobCounter()
            val options = StoreOptions.builder().fileSystem(SynchronizedFileSystem(fake)).memtableSizeBytes(16 * 1024)
                .compaction(strategy).listener(jobs).build()
            LsmStore.open("/db".toPath(), options).use { db ->
                awaitSettled(db, jobs)
                withClue("seed=$seed converged under ${strategy.kind()}: ${db.stats()}") { check(db.stats().levels()) }
                for (k in 0 until 3000) {
                    withClue("seed=$seed ${strategy.kind()} key $k") { db.get(testKey(k))?.get(0) shouldBe model[k] }
                }
                repeat(3000) {
                    val k = r.nextInt(3000)
                    if (r.nextInt(5) == 0) { db.delete(testKey(k)); model.remove(k) } else {
                        val b = r.nextInt(100).toByte()
                        db.put(testKey(k), ByteArray(60) { b }); model[k] = b
                    }
                }
                db.flush()
                awaitSettled(db, jobs)
            }
            fake.checkNoOpenFiles()
        }

        round(leveled) { }
        round(leveled) { levels -> levels.drop(1).sumOf { it.tableCount() } shouldBeGreaterThan 0 }
        round(tiered) { levels -> levels.drop(1).sumOf { it.tableCount() } shouldBe 0 }
        round(windowed) { levels -> levels.drop(1).sumOf { it.tableCount() } shouldBe 0 }
        round(leveled) { levels -> levels[0].tableCount() shouldBeLessThan 2 }
        round(tiered) { levels -> levels.drop(1).sumOf { it.tableCount() } shouldBe 0 }
    }
})

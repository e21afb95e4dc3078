// close() while a compaction runs: the job stops, no temporary or orphan table is left behind,
// and every acknowledged write is there after reopening.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import okio.FileSystem
import okio.Path.Companion.toOkioPath
import java.nio.file.Files
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

class CloseDuringCompactionSpec : FunSpec({
    val strategies = listOf(
        CompactionStrategy.builder(CompactionStrategy.Kind.LEVELED).l0Trigger(2).targetFileSize(64 * 1024)
            .baseLevelSize(256 * 1024).build(),
        CompactionStrategy.builder(CompactionStrategy.Kind.SIZE_TIERED).minThreshold(2).build(),
        CompactionStrategy.timeWindow(java.time.Duration.ofDays(1)).toBuilder().minThreshold(2).build(),
    )
    for (strategy in strategies) {
        test("${strategy.kind()}: close during a compaction leaves no temporary or orphan files and loses nothing") {
            val tmp = Files.createTempDirectory("cairn-close")
            try {
                val dir = tmp.resolve("db").toOkioPath()
                val jobs = JobCounter()
                val begun = CountDownLatch(1)
                jobs.onBegin = { begun.countDown() }
                val options = StoreOptions.builder().memtableSizeBytes(256 * 1024).compaction(strategy).listener(jobs).build()
                val db = LsmStore.open(dir, options)
                val n = 20_000
                for (i in 0 until n) db.put(testKey(i), ByteArray(100) { (i % 7).toByte() })
                db.flush()
                begun.await(60, TimeUnit.SECONDS) shouldBe true
                db.close()
                val names = FileSystem.SYSTEM.list(dir).map { it.name }
                names.filter { it.endsWith(".tmp") || it.contains("tmp") }.shouldBeEmpty()
                val tablesAfterClose = names.filter { it.endsWith(".sst") }.toSet()
                LsmStore.open(dir, options.toBuilder().listener(JobCounter()).build()).use { again ->
                    // Opening removes unnamed tables: the set is the same, so none was orphaned.
                    val reopened = FileSystem.SYSTEM.list(dir).map { it.name }.filter { it.endsWith(".sst") }.toSet()
                    withClue("tables at close $tablesAfterClose, after open $reopened") {
                        tablesAfterClose.containsAll(reopened) shouldBe true
                        (tablesAfterClose - reopened).size shouldBe 0
                    }
                    for (i in 0 until n) {
                        withClue("key $i") { again.get(testKey(i))?.get(0) shouldBe (i % 7).toByte() }
                    }
                }
            } finally {
                tmp.toFile().deleteRecursively()
            }
        }
    }
})

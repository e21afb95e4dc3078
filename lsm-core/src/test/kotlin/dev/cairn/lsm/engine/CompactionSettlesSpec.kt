// A fast version of the held-out check, under every strategy with its default
// parameters: random overwrites with a tiny memtable, background compaction alone settles within
// the space-amplification bound; then deleteRange over every key and a full compaction leave at
// most 5% of the table bytes. Also checks the flush and compaction events' fields.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeLessThanOrEqual
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.time.Duration
import kotlin.random.Random

class CompactionSettlesSpec : FunSpec({
    val cases = listOf(
        CompactionStrategy.leveled() to 1.6,
        CompactionStrategy.sizeTiered() to 3.5,
        CompactionStrategy.timeWindow(Duration.ofDays(1)) to 3.5,
    )
    for ((strategy, bound) in cases) {
        test("${strategy.kind()}: background compaction alone settles with space amplification at most $bound") {
            val seed = 42L + strategy.kind().ordinal
            val keys = 10_000
            val fake = FakeFileSystem()
            val jobs = JobCounter()
            val options = StoreOptions.builder().fileSystem(SynchronizedFileSystem(fake)).memtableSizeBytes(32 * 1024)
                .compaction(strategy).listener(jobs).build()
            LsmStore.open("/db".toPath(), options).use { db ->
                val r = Random(seed)
                val live = HashMap<Int, Int>()
                repeat(40_000) {
                    val k = r.nextInt(keys)
                    val v = ByteArray(100).also { r.nextBytes(it) }
                    db.put(testKey(k), v)
                    live[k] = testKey(k).size + v.size
                }
                db.flush()
                awaitSettled(db, jobs)
                val st = db.stats()
                val amp = st.tableBytes().toDouble() / live.values.sum()
                withClue("seed=$seed stats=$st amp=$amp") { amp shouldBeLessThanOrEqual bound }

                db.deleteRange(testKey(0), testKey(keys))
                db.compactRange(null, null)
                val after = db.stats().tableBytes()
                withClue("seed=$seed before=${st.tableBytes()} after=$after") {
                    after shouldBeLessThanOrEqual st.tableBytes() / 20
                }
                db.get(testKey(r.nextInt(keys))) shouldBe null
            }
            fake.checkNoOpenFiles()

            withClue("flush events") {
                jobs.flushes.all { (it.tableNumber() > 0) == (it.bytesWritten() > 0) && !it.duration().isNegative } shouldBe true
                jobs.flushes.any { it.entries() > 0 && it.bytesWritten() > 0 } shouldBe true
            }
            withClue("compaction events") {
                for (c in jobs.compactions) {
                    (c.inputs().isNotEmpty()) shouldBe true
                    if (c.reason().endsWith(" (moved)")) {
                        c.outputs() shouldBe c.inputs()
                        c.bytesRead() shouldBe 0L
                        c.bytesWritten() shouldBe 0L
                        continue
                    }
                    if (c.reason() != "ttl expired") c.bytesRead() shouldBeGreaterThan 0L
                    (c.outputs().isEmpty() == (c.bytesWritten() == 0L)) shouldBe true
                    c.duration().isNegative shouldBe false
                }
                jobs.compactions.size shouldBe jobs.compactionBegins.get()
            }
        }
    }
})

// Measurement harness for docs/compaction.md, off by default (it runs for minutes): enable with
// -Dcairn.measure=true, e.g.
//   mvn -B -q -o test -pl lsm-core -Dtest=CompactionMeasureSpec -Dcairn.measure=true
// Prints markdown tables (also written to target/compaction-measure.md): write amplification,
// space amplification and read cost per strategy after an overwrite-heavy workload, and the
// issue's held-out check at full size.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.StoreStats
import io.kotest.core.spec.style.FunSpec
import okio.Path.Companion.toOkioPath
import java.io.File
import java.nio.file.Files
import java.time.Duration
import kotlin.random.Random

class CompactionMeasureSpec : FunSpec({
    val enabled = System.getProperty("cairn.measure") == "true"
    val out = StringBuilder()
    fun emit(line: String) { println(line); out.append(line).append('\n') }

    class Result(val stats: StoreStats, val liveBytes: Long, val blocksPerGet: Double, val seconds: Double)

    fun run(strategy: CompactionStrategy, memtable: Long, writes: Int, keys: Int, clockStepMillis: Long): Result {
        val tmp = Files.createTempDirectory("cairn-measure")
        try {
            val jobs = JobCounter()
            val clock = MutableClock(1_700_000_000_000L)
            val options = StoreOptions.builder().memtableSizeBytes(memtable).compaction(strategy).listener(jobs)
                .blockCacheBytes(8L shl 20).clock(if (clockStepMillis > 0) clock else java.time.Clock.systemUTC()).build()
            val start = System.nanoTime()
            LsmStore.open(tmp.resolve("db").toOkioPath(), options).use { db ->
                val r = Random(1234)
                val live = IntArray(keys)
                repeat(writes) {
                    val k = r.nextInt(keys)
                    val v = ByteArray(100).also { r.nextBytes(it) }
                    db.put(testKey(k), v)
                    live[k] = testKey(k).size + v.size
                    clock.advance(clockStepMillis)
                }
                db.flush()
                awaitSettled(db, jobs, 3_600_000)
                val settled = db.stats()
                val before = settled.blockCacheHits() + settled.blockCacheMisses()
                val gets = 20_000
                repeat(gets) { db.get(testKey(r.nextInt(keys))) }
                val after = db.stats()
                val blocks = (after.blockCacheHits() + after.blockCacheMisses() - before).toDouble() / gets
                return Result(settled, live.sum().toLong(), blocks, (System.nanoTime() - start) / 1e9)
            }
        } finally {
            tmp.toFile().deleteRecursively()
        }
    }

    fun shape(st: StoreStats) = st.levels().filter { it.tableCount() > 0 }
        .joinToString(" ") { "L${it.level()}:${it.tableCount()}" }

    fun probes(st: StoreStats) = st.levels()[0].tableCount() + st.levels().drop(1).count { it.tableCount() > 0 }

    test("measure write, space and read amplification per strategy").config(enabled = enabled) {
        val scaled = listOf(
            "leveled (target 1 MiB, base 4 MiB)" to CompactionStrategy.builder(CompactionStrategy.Kind.LEVELED)
                .targetFileSize(1L shl 20).baseLevelSize(4L shl 20).build(),
            "size-tiered (minSstableSize 1 MiB)" to CompactionStrategy.builder(CompactionStrategy.Kind.SIZE_TIERED)
                .minSstableSize(1L shl 20).build(),
            "time-window (100 s windows, clock +1 ms per write: 10 windows; minSstableSize 1 MiB)" to
                CompactionStrategy.builder(CompactionStrategy.Kind.TIME_WINDOW).window(Duration.ofSeconds(100))
                    .minSstableSize(1L shl 20).build(),
        )
        emit("### 1 M random writes, 100-byte values, 200 k keys, 1 MiB memtable")
        emit("")
        emit("| strategy | write amp | space amp | tables probed per get | data blocks read per get | shape | seconds |")
        emit("|---|---|---|---|---|---|---|")
        for ((name, s) in scaled) {
            val step = if (s.kind() == CompactionStrategy.Kind.TIME_WINDOW) 1L else 0L
            val writes = 1_000_000
            val res = run(s, 1L shl 20, writes, 200_000, if (step > 0) 1 else 0)
            val st = res.stats
            emit("| $name | %.2f | %.2f | %d | %.2f | %s | %.0f |".format(st.writeAmplification(),
                st.tableBytes().toDouble() / res.liveBytes, probes(st), res.blocksPerGet, shape(st), res.seconds))
        }
        File("target/compaction-measure.md").writeText(out.toString())
    }

    test("held-out check at full size: 400 k overwrites over 100 k keys, 256 KiB memtable").config(enabled = enabled) {
        emit("")
        emit("### Held-out check: 400 k random overwrites over 100 k keys, 256 KiB memtable, default strategies")
        emit("")
        emit("| strategy | space amp settled (bound) | write amp | shape | table bytes left after deleteRange + compactRange |")
        emit("|---|---|---|---|---|")
        for ((s, bound) in listOf(CompactionStrategy.leveled() to 1.6, CompactionStrategy.sizeTiered() to 3.5,
                CompactionStrategy.timeWindow(Duration.ofDays(1)) to 3.5)) {
            val tmp = Files.createTempDirectory("cairn-heldout")
            try {
                val jobs = JobCounter()
                val options = StoreOptions.builder().memtableSizeBytes(256L shl 10).compaction(s).listener(jobs).build()
                LsmStore.open(tmp.resolve("db").toOkioPath(), options).use { db ->
                    val r = Random(99)
                    val live = IntArray(100_000)
                    repeat(400_000) {
                        val k = r.nextInt(100_000)
                        val v = ByteArray(100).also { r.nextBytes(it) }
                        db.put(testKey(k), v)
                        live[k] = testKey(k).size + v.size
                    }
                    db.flush()
                    awaitSettled(db, jobs, 3_600_000)
                    val st = db.stats()
                    val amp = st.tableBytes().toDouble() / live.sum()
                    db.deleteRange(testKey(0), testKey(100_000))
                    db.compactRange(null, null)
                    val left = db.stats().tableBytes()
                    emit("| ${s.kind()} | %.2f (%.1f) | %.2f | %s | %d bytes (%.1f%%) |".format(amp, bound,
                        st.writeAmplification(), shape(st), left, 100.0 * left / st.tableBytes()))
                }
            } finally {
                tmp.toFile().deleteRecursively()
            }
        }
        File("target/compaction-measure.md").writeText(out.toString())
    }
})

// The soak: a child JVM (SoakChild) runs 8 writers, 8 readers, manual compactions and flushes on
// one store on the real file system; the parent kills it with SIGKILL after a random few seconds
// (minutes in long mode), reopens the store with the next round's options (the compaction
// strategy and compression change on every reopen) and checks it against an oracle the parent
// kept from the child's intent/acknowledgement lines (SoakOracle, as RocksDB's db_crashtest keeps
// its expected state outside the process under test). Acknowledged writes lost and wrong values
// must be 0; the child's samples of heap, open file descriptors, threads, mapped bytes and the
// directory's size must stay under generous bounds, so a leak that grows with time fails.
// CI: about 45 s of rounds; CAIRN_LONG=1: an hour (CAIRN_SOAK_SECONDS overrides both).
package dev.cairn.lsm.reliability

import dev.cairn.lsm.LsmStore
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import kotlin.time.Duration.Companion.seconds
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.util.Random
import java.util.concurrent.TimeUnit

/** One resource sample of the child. */
private data class SoakSample(val heap: Long, val fds: Long, val threads: Long, val mapped: Long, val dirBytes: Long)

private class SoakFigures {
    var rounds = 0
    var kills = 0
    var lost = 0
    var wrong = 0
    val samples = ArrayList<SoakSample>()
    val readerErrors = ArrayList<String>()

    fun line(oracle: SoakOracle, seconds: Long): String {
        fun col(name: String, unit: Long, f: (SoakSample) -> Long): String =
            "$name first/last/max ${f(samples.first()) / unit}/${f(samples.last()) / unit}/${samples.maxOf(f) / unit}"
        return "soak $seconds s: $rounds rounds, $kills kills, ${oracle.acknowledged} acknowledged operations " +
            "(${oracle.inFlightAtKill} in flight at a kill, ${oracle.inFlightApplied} of them found applied), " +
            "$lost acknowledged writes lost, $wrong wrong values, ${oracle.liveKeys()} live keys; " +
            col("heap MiB", 1 shl 20) { it.heap } + "; " + col("fds", 1) { it.fds } + "; " +
            col("threads", 1) { it.threads } + "; " + col("mapped KiB", 1024) { it.mapped } + "; " +
            col("dir KiB", 1024) { it.dirBytes } + "; ${samples.size} samples"
    }
}

// Generous bounds: the workload's live data is under 1 MiB and it keeps ~20 threads.
// (a 10-minute run peaked at 306 descriptors, during a full compaction of many small tables)
private const val MAX_FDS = 1000L
private const val MAX_THREADS = 120L
private const val MAX_MAPPED = 512L shl 20
private const val MAX_DIR_BYTES = 256L shl 20

/** How long the soak runs: CAIRN_SOAK_SECONDS, else an hour in long mode, else 45 s. */
private val soakSeconds: Long = (System.getProperty("cairn.soak.seconds") ?: System.getenv("CAIRN_SOAK_SECONDS"))?.toLong()
    ?: if (Reliability.long) 3600L else 45L

class SoakSpec : FunSpec({

    // kotest's default test timeout (10 minutes) would cut a long soak short.
    test("writers, readers, compactions and strategy switches under kill -9 lose no acknowledged write and leak nothing")
        .config(timeout = (soakSeconds + 900).seconds) {
        val seconds = soakSeconds
        val seed = (System.getProperty("cairn.seed") ?: System.getenv("CAIRN_SEED"))?.toLong() ?: 27_500L
        // Kill after 3-6 s in CI (a JVM start takes about one); 5 s - 3 min in long mode.
        val killMin = if (seconds > 120) 5_000L else 3_000L
        val killMax = if (seconds > 120) 180_000L else 6_000L
        val random = Random(seed)
        val dir = Files.createTempDirectory("cairn-soak-")
        val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
        val stderr = File.createTempFile("cairn-soak-", ".err")
        val oracle = SoakOracle()
        val figures = SoakFigures()
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        try {
            withSeed("soak", seed) {
                var round = 0
                while (round == 0 || System.nanoTime() < deadline) {
                    val process = ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                        SoakChild::class.java.name, dir.toString(), round.toString(), (seed * 1000 + round).toString())
                        .redirectError(stderr).start()
                    val lines = process.inputStream.bufferedReader()
                    // Read the child's lines on a thread of our own until the pipe closes (after the kill).
                    val reader = Thread {
                        var cut: String? = null
                        while (true) {
                            val line = lines.readLine() ?: break
                            check(cut == null) { "round $round: a malformed line before the last one: $cut" }
                            val parts = line.split(' ')
                            try {
                                when (parts[0]) {
                                    "I" -> oracle.intent(parts[1].toInt(), parts[2].toLong(), SoakWorkload.decode(parts[3]))
                                    "A" -> oracle.acknowledge(parts[1].toInt(), parts[2].toLong())
                                    "S" -> figures.samples += SoakSample(parts[1].toLong(), parts[2].toLong(), parts[3].toLong(),
                                        parts[4].toLong(), parts[5].toLong())
                                    "E" -> synchronized(figures) { figures.readerErrors += line }
                                }
                            } catch (e: RuntimeException) {
                                // Only the last line may be cut by the kill; an intent cut short
                                // announced a write that was never issued.
                                if (e is IllegalStateException) throw e
                                cut = line
                            }
                        }
                    }
                    reader.start()
                    val runFor = killMin + (random.nextDouble() * (killMax - killMin)).toLong()
                    val exitedEarly = process.waitFor(runFor, TimeUnit.MILLISECONDS)
                    // SIGKILL without closing our end of the pipe, so lines already written are still read.
                    process.toHandle().destroyForcibly()
                    process.waitFor(60, TimeUnit.SECONDS)
                    reader.join(60_000)
                    check(!exitedEarly) { "round $round: the child exited by itself (${process.exitValue()}): " +
                        stderr.readText().take(4000) + " " + figures.readerErrors.take(5) }
                    figures.kills++
                    figures.rounds++
                    round++
                    // Reopen with the next round's options: the strategy switch happens here.
                    LsmStore.open(dir, SoakWorkload.options(round)).use { store ->
                        val found = oracle.check(store)
                        figures.lost += found.lost
                        figures.wrong += found.wrong
                        check(found.lost == 0 && found.wrong == 0) { "round $round: ${found.details}" }
                    }
                    check(figures.readerErrors.isEmpty()) { "readers saw: ${figures.readerErrors.take(10)}" }
                }
                check(figures.samples.isNotEmpty()) { "the child sent no resource sample" }
                val max = { f: (SoakSample) -> Long -> figures.samples.maxOf(f) }
                check(max { it.fds } < MAX_FDS) { "open file descriptors reached ${max { it.fds }}" }
                check(max { it.threads } < MAX_THREADS) { "threads reached ${max { it.threads }}" }
                check(max { it.mapped } < MAX_MAPPED) { "mapped bytes reached ${max { it.mapped }}" }
                check(max { it.dirBytes } < MAX_DIR_BYTES) { "the store directory reached ${max { it.dirBytes }} bytes" }
            }
        } finally {
            dir.toFile().deleteRecursively()
            stderr.delete()
        }
        println("[figures] " + figures.line(oracle, seconds))
    }

    test("the soak's oracle notices a lost acknowledged write, a wrong value and a torn in-flight batch") {
        val fs = okio.fakefilesystem.FakeFileSystem()
        val oracle = SoakOracle()
        val options = SoakWorkload.options(0).toBuilder().fileSystem(fs).build()
        LsmStore.open("/db".toPath(), options).use { store ->
            fun write(w: Int, op: Long, entries: List<SoakWorkload.Entry>, acknowledged: Boolean, skip: Int? = null) {
                oracle.intent(w, op, entries)
                val batch = dev.cairn.lsm.WriteBatch()
                for ((i, e) in entries.withIndex()) if (i != skip && e is SoakWorkload.Entry.Put) {
                    batch.put(SoakWorkload.key(w, e.k), SoakWorkload.value(w, op, e.k))
                }
                if (batch.count() > 0) store.write(batch)
                if (acknowledged) oracle.acknowledge(w, op)
            }
            write(0, 1, listOf(SoakWorkload.Entry.Put(1), SoakWorkload.Entry.Put(2)), acknowledged = true)
            write(1, 1, listOf(SoakWorkload.Entry.Put(1)), acknowledged = true, skip = 0) // acknowledged, never written
            write(2, 1, listOf(SoakWorkload.Entry.Put(3), SoakWorkload.Entry.Put(4)), acknowledged = false, skip = 1) // torn
            store.put(SoakWorkload.key(3, 5), SoakWorkload.value(3, 99, 5)) // written by no announced operation
            val found = oracle.check(store)
            found.lost shouldBe 1
            found.wrong shouldBe 2
        }
    }
})

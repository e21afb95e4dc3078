// Specifies crash safety under kill -9: a child JVM writes batches and prints an acknowledgement
// after each; the parent kills it (Process.destroyForcibly) after a random number of
// acknowledgements, reopens the store on the real file system and checks that every acknowledged
// batch is wholly present and no batch is torn. A merges mode commits counter increments
// (uint64Add operands) in transactions and batches, and checks the sums after each recovery. Rounds share one directory, so each recovery
// starts from the previous one's state.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.util.Random
import java.util.concurrent.TimeUnit
import okio.ByteString.Companion.toByteString

class KillNineSpec : FunSpec({

    test("kill -9 during synced batch writes loses no acknowledged batch and tears none") {
        val rounds = killRounds(seed = 9_001, rounds = Reliability.rounds(20, factor = 5), sync = true)
        println("[figures] kill -9 rounds (synced): $rounds")
    }

    test("kill -9 during unsynced batch writes loses no acknowledged batch and tears none") {
        val rounds = killRounds(seed = 9_002, rounds = Reliability.rounds(10, factor = 5), sync = false)
        println("[figures] kill -9 rounds (unsynced): $rounds")
    }

    test("kill -9 during transactions and batches of uint64Add merges loses no acknowledged increment and tears none") {
        val synced = killRounds(seed = 9_005, rounds = Reliability.rounds(6, factor = 5), sync = true, merges = true)
        val unsynced = killRounds(seed = 9_006, rounds = Reliability.rounds(6, factor = 5), sync = false, merges = true)
        println("[figures] kill -9 rounds (merges): $synced synced, $unsynced unsynced")
    }

    test("kill -9 during batch writes to an encrypted store loses no acknowledged batch and tears none") {
        val synced = killRounds(seed = 9_003, rounds = Reliability.rounds(4, factor = 5), sync = true, encrypted = true)
        val unsynced = killRounds(seed = 9_004, rounds = Reliability.rounds(4, factor = 5), sync = false, encrypted = true)
        println("[figures] kill -9 rounds (encrypted): $synced synced, $unsynced unsynced")
    }
})

private data class Present(val complete: Set<Long>, val last: Long?)

/** Reads which batches are present, failing on a torn one. */
private fun presentBatches(dir: Path, encrypted: Boolean): Present {
    LsmStore.open(dir, KillNineBatches.options(encrypted)).use { store ->
        val keys = readAll(store)
        val byBatch = HashMap<Long, MutableSet<Int>>()
        for ((k, v) in keys) {
            val s = k.utf8()
            if (s == "last") continue
            val batch = s.substring(1, 11).toLong()
            val i = s.substring(12).toInt()
            v.toByteArray().contentEquals(KillNineBatches.value(batch, i)) shouldBe true
            byBatch.getOrPut(batch) { HashSet() } += i
        }
        for ((batch, present) in byBatch) {
            val expected = (0 until KillNineBatches.size(batch)).toSet()
            check(present == expected) { "batch $batch is torn: keys $present of $expected" }
        }
        val last = keys.entries.firstOrNull { it.key.utf8() == "last" }?.value?.utf8()?.toLong()
        return Present(byBatch.keys, last)
    }
}

/**
 * Reads which commits of the merges mode are present (their markers), and checks that every
 * counter, and "total", holds exactly the sum of the increments of the present commits: an
 * increment without its marker, or a marker without its increments, is a torn commit.
 */
private fun presentMergeCommits(dir: Path, encrypted: Boolean): Present {
    LsmStore.open(dir, KillNineBatches.options(encrypted)).use { store ->
        val keys = readAll(store)
        val markers = keys.keys.map { it.utf8() }.filter { Regex("t\\d{10}").matches(it) }.map { it.substring(1).toLong() }.toSet()
        val expected = LongArray(KillNineBatches.COUNTERS)
        for (batch in markers) for ((c, n) in KillNineBatches.increments(batch)) expected[c] += n
        for (c in 0 until KillNineBatches.COUNTERS) {
            val actual = keys[KillNineBatches.counter(c).toByteString()]?.let { MergeOperators.uint64Value(it.toByteArray()) } ?: 0L
            check(actual == expected[c]) { "counter $c is $actual; the ${markers.size} commits present add up to ${expected[c]}" }
        }
        val total = keys["total".encodeToByteArray().toByteString()]?.let { MergeOperators.uint64Value(it.toByteArray()) } ?: 0L
        check(total == expected.sum()) { "total is $total; the counters add up to ${expected.sum()}" }
        return Present(markers, markers.maxOrNull())
    }
}

private fun killRounds(seed: Long, rounds: Int, sync: Boolean, encrypted: Boolean = false, merges: Boolean = false): Int {
    val random = Random(seed)
    val dir = Files.createTempDirectory("cairn-kill9-")
    val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
    val classpath = System.getProperty("java.class.path")
    val stderr = File.createTempFile("cairn-kill9-", ".err")
    var next = 0L
    var acknowledgedTotal = 0
    try {
        for (round in 1..rounds) withSeed("kill -9 (sync=$sync) round $round", seed) {
            val killAfter = 1 + random.nextInt(if (round % 3 == 0) 2000 else 300)
            val process = ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", classpath,
                KillNineWriter::class.java.name, dir.toString(), if (sync) "sync" else "nosync", next.toString(),
                if (encrypted) "encrypted" else "plain", if (merges) "merges" else "puts")
                .redirectError(stderr)
                .start()
            val acked = ArrayList<Long>()
            val reader = process.inputStream.bufferedReader()
            var killed = false
            while (true) {
                // destroyForcibly closes our end of the pipe: acknowledgements not yet read are simply not counted.
                val line = try { reader.readLine() } catch (e: java.io.IOException) { if (killed) null else throw e } ?: break
                if (line.startsWith("ACK ")) {
                    acked += line.substring(4).toLong()
                    if (!killed && acked.size >= killAfter) {
                        process.destroyForcibly()
                        killed = true
                    }
                }
            }
            if (!killed) process.destroyForcibly()
            process.waitFor(60, TimeUnit.SECONDS)
            check(killed) {
                "the writer stopped before $killAfter acknowledgements (exit ${process.exitValue()}): " + stderr.readText().take(4000)
            }
            val present = if (merges) presentMergeCommits(dir, encrypted) else presentBatches(dir, encrypted)
            for (b in acked) check(b in present.complete) { "acknowledged batch $b is missing after kill -9" }
            check(present.last != null && present.last >= acked.last()) { "'last' is ${present.last}, acknowledged ${acked.last()}" }
            acknowledgedTotal += acked.size
            next = (present.complete.maxOrNull() ?: -1) + 1
        }
    } finally {
        dir.toFile().deleteRecursively()
        stderr.delete()
    }
    println("[figures] kill -9 (sync=$sync, encrypted=$encrypted, merges=$merges): $rounds rounds, $acknowledgedTotal acknowledged batches checked")
    return rounds
}

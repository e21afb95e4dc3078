// Specifies read-only opening: beside a child JVM that writes numbered batches (the kill -9
// suite's writer, with tiny memtables so flushes and compactions run all the time), a read-only
// store sees a consistent state (whole batches, a prefix holding every batch acknowledged before
// the open), refresh() catches up, writes are refused; and on a store no one writes it changes
// no byte, no name and no modification time.
package dev.cairn.lsm.copies

import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.reliability.KillNineBatches
import dev.cairn.lsm.reliability.KillNineWriter
import dev.cairn.lsm.reliability.readAll
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicLong
import kotlin.concurrent.thread

/** The batches a read-only store shows: checks none is torn and they run 0..n-1; returns n. */
private fun contiguousBatches(store: LsmStore): Long {
    val byBatch = HashMap<Long, Int>()
    var last: Long? = null
    for ((k, v) in readAll(store)) {
        val s = k.utf8()
        if (s == "last") {
            last = v.utf8().toLong()
            continue
        }
        val batch = s.substring(1, 11).toLong()
        v.toByteArray().contentEquals(KillNineBatches.value(batch, s.substring(12).toInt())) shouldBe true
        byBatch.merge(batch, 1, Int::plus)
    }
    for ((batch, n) in byBatch) check(n == KillNineBatches.size(batch)) { "batch $batch is torn: $n of ${KillNineBatches.size(batch)} keys" }
    val count = byBatch.size.toLong()
    check(byBatch.keys.all { it < count }) { "batches are not a prefix: ${byBatch.keys.sorted().take(5)}... of $count" }
    check(count == 0L || last == count - 1) { "'last' is $last but batches run to ${count - 1}" }
    return count
}

private fun awaitAck(acks: AtomicLong, atLeast: Long) {
    val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120)
    while (acks.get() < atLeast) {
        check(System.nanoTime() < deadline) { "the writer did not reach batch $atLeast (at ${acks.get()})" }
        Thread.sleep(5)
    }
}

/** name -> (size, mtime, sha-256) of every file under [dir]. */
private fun fingerprint(dir: Path): Map<String, String> = Files.walk(dir).use { s ->
    s.filter { Files.isRegularFile(it) }.toList().associate { p ->
        val digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))
        dir.relativize(p).toString() to "${Files.size(p)} ${Files.getLastModifiedTime(p).toMillis()} ${digest.joinToString("") { "%02x".format(it) }}"
    }
}

class ReadOnlyOpenSpec : FunSpec({

    test("beside a child JVM writing, a read-only store sees an acknowledged prefix and refresh catches up") {
        val dir = Files.createTempDirectory("cairn-readonly-")
        val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
        val child = ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            KillNineWriter::class.java.name, dir.toString(), "nosync", "0").redirectError(ProcessBuilder.Redirect.DISCARD).start()
        val acks = AtomicLong(-1)
        val reader = thread(name = "acks") {
            child.inputStream.bufferedReader().useLines { lines ->
                for (line in lines) if (line.startsWith("ACK ")) acks.set(line.substring(4).toLong())
            }
        }
        try {
            awaitAck(acks, 300)
            val before = acks.get()
            LsmStore.openReadOnly(dir, KillNineBatches.options()).use { ro ->
                var seen = contiguousBatches(ro)
                seen shouldBeGreaterThanOrEqual before + 1
                shouldThrow<LsmException> { ro.put("x".toByteArray(), "y".toByteArray()) }.message shouldContain "read-only"
                shouldThrow<LsmException> { ro.flush() }
                ro.newCursor().use { cursor ->
                    repeat(5) {
                        awaitAck(acks, seen + 300)
                        val ackedBeforeRefresh = acks.get()
                        ro.refresh()
                        val now = contiguousBatches(ro)
                        now shouldBeGreaterThanOrEqual ackedBeforeRefresh + 1
                        now shouldBeGreaterThanOrEqual seen
                        seen = now
                    }
                    // a cursor opened before the refreshes still reads the state it started with
                    cursor.seekToFirst()
                    cursor.isValid shouldBe true
                }
            }
        } finally {
            child.destroyForcibly()
            child.waitFor(60, TimeUnit.SECONDS)
            reader.join()
            dir.toFile().deleteRecursively()
        }
    }

    test("opening, reading and refreshing read-only changes no byte, name or modification time") {
        val dir = Files.createTempDirectory("cairn-readonly-")
        try {
            LsmStore.open(dir, KillNineBatches.options()).use { db ->
                for (i in 0 until 2000) db.put("k%05d".format(i).toByteArray(), ByteArray(100) { i.toByte() })
                db.deleteRange("k00100".toByteArray(), "k00200".toByteArray())
            }
            val before = fingerprint(dir)
            Thread.sleep(20) // a changed file would show a later modification time
            LsmStore.openReadOnly(dir, KillNineBatches.options()).use { ro ->
                readAll(ro).size shouldBe 1900
                ro.get("k00150".toByteArray()) shouldBe null
                ro.refresh()
                ro.stats().lastSequence shouldBe 2001L
                ro.newCursor().use { c -> c.seekToLast(); c.key().decodeToString() shouldBe "k01999" }
            }
            fingerprint(dir) shouldBe before
        } finally {
            dir.toFile().deleteRecursively()
        }
    }
})

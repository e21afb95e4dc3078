// Specifies checkpoints: taken under eight concurrent writers, a checkpoint opens with exactly an
// acknowledged prefix (every batch acknowledged before the call, no batch torn, each writer's
// batches a prefix of what it wrote); tables are hard-linked on the system file system and
// copied on another; bad targets are refused before anything is written.
package dev.cairn.lsm.copies

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.reliability.readAll
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.Path.Companion.toPath
import java.nio.file.Files
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLongArray
import kotlin.concurrent.thread

private const val WRITERS = 8

private fun key(writer: Int, i: Long, part: Char) = "w$writer-%08d-$part".format(i).toByteArray()

/** Small memtables and tables, so flushes and compactions run while the writers write. */
private fun busyOptions(): StoreOptions = StoreOptions.builder().memtableSizeBytes(64 * 1024).blockSize(1024).build()

class CheckpointSpec : FunSpec({

    test("a checkpoint taken under 8 concurrent writers opens with exactly an acknowledged prefix") {
        val tmp = Files.createTempDirectory("cairn-checkpoint-")
        try {
            val dir = tmp.resolve("db")
            LsmStore.open(dir, busyOptions()).use { db ->
                val acked = AtomicLongArray(WRITERS).also { a -> repeat(WRITERS) { a.set(it, -1) } }
                val stop = AtomicBoolean()
                val started = CountDownLatch(WRITERS)
                val threads = (0 until WRITERS).map { w ->
                    thread(name = "writer-$w") {
                        var i = 0L
                        started.countDown()
                        while (!stop.get()) {
                            // two keys per batch: a torn batch would show one without the other
                            db.write(WriteBatch().put(key(w, i, 'a'), "v$i".toByteArray()).put(key(w, i, 'b'), "v$i".toByteArray()),
                                WriteOptions.noSync())
                            acked.set(w, i)
                            i++
                        }
                    }
                }
                started.await()
                repeat(3) { round ->
                    Thread.sleep(50) // let the writers get ahead; only the prefix property is checked
                    val before = LongArray(WRITERS) { acked.get(it) }
                    val target = tmp.resolve("cp$round")
                    db.checkpoint(target)
                    val after = LongArray(WRITERS) { acked.get(it) }
                    LsmStore.open(target, busyOptions()).use { cp ->
                        val present = readAll(cp)
                        val byWriter = Array(WRITERS) { sortedSetOf<Long>() }
                        for ((k, _) in present) {
                            val s = k.utf8()
                            val w = s.substring(1, s.indexOf('-')).toInt()
                            byWriter[w] += s.substring(s.indexOf('-') + 1, s.lastIndexOf('-')).toLong()
                        }
                        for (w in 0 until WRITERS) {
                            val ids = byWriter[w]
                            val last = ids.lastOrNull() ?: -1L
                            // a prefix: 0..last, both halves of every batch
                            ids.size.toLong() shouldBe last + 1
                            for (i in ids) {
                                present.containsKey(okio.ByteString.of(*key(w, i, 'a'))) shouldBe true
                                present.containsKey(okio.ByteString.of(*key(w, i, 'b'))) shouldBe true
                            }
                            last shouldBeGreaterThanOrEqual before[w]
                            // never a batch that was not yet written when the call returned
                            (last <= after[w] + 1) shouldBe true
                        }
                    }
                }
                stop.set(true)
                threads.forEach { it.join() }
            }
        } finally {
            tmp.toFile().deleteRecursively()
        }
    }

    test("tables are hard-linked on the system file system, and the source keeps working") {
        val tmp = Files.createTempDirectory("cairn-checkpoint-")
        try {
            LsmStore.open(tmp.resolve("db"), StoreOptions.defaults()).use { db ->
                for (i in 0 until 1000) db.put("k$i".toByteArray(), "v$i".toByteArray())
                db.flush()
                for (i in 0 until 10) db.put("m$i".toByteArray(), "in the memtable".toByteArray())
                db.checkpoint(tmp.resolve("cp"))
                val tables = Files.list(tmp.resolve("cp")).use { s -> s.filter { it.toString().endsWith(".sst") }.toList() }
                tables.size shouldBeGreaterThanOrEqual 2
                tables.count { (Files.getAttribute(it, "unix:nlink") as Int) >= 2 } shouldBeGreaterThanOrEqual 1
                db.put("after".toByteArray(), "x".toByteArray())
                db.compactRange(null, null)
            }
            LsmStore.open(tmp.resolve("cp"), StoreOptions.defaults()).use { cp ->
                cp.get("k999".toByteArray())!!.decodeToString() shouldBe "v999"
                cp.get("m9".toByteArray())!!.decodeToString() shouldBe "in the memtable"
                cp.get("after".toByteArray()) shouldBe null
            }
        } finally {
            tmp.toFile().deleteRecursively()
        }
    }

    test("on another file system the checkpoint copies, and bad targets are refused before anything is written") {
        val fs = CrashFileSystem()
        val options = StoreOptions.builder().fileSystem(fs).build()
        LsmStore.open("/db".toPath(), options).use { db ->
            for (i in 0 until 300) db.put("k$i".toByteArray(), "v$i".toByteArray())
            db.flush()
            db.put("late".toByteArray(), "1".toByteArray())
            shouldThrow<IllegalArgumentException> { db.checkpoint("/db/inside".toPath()) }.message shouldContain "inside the store"
            fs.exists("/db/inside".toPath()) shouldBe false
            fs.createDirectories("/full".toPath())
            fs.write("/full/x".toPath()) { writeUtf8("mine") }
            shouldThrow<IllegalArgumentException> { db.checkpoint("/full".toPath()) }.message shouldContain "not empty"
            fs.list("/full".toPath()).map { it.name } shouldBe listOf("x")
            db.checkpoint("/cp".toPath())
        }
        LsmStore.open("/cp".toPath(), options).use { cp ->
            cp.get("k299".toByteArray())!!.decodeToString() shouldBe "v299"
            cp.get("late".toByteArray())!!.decodeToString() shouldBe "1"
        }
        fs.checkNoOpenFiles()
    }
})

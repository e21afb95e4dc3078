package dev.cairn.lsm.engine

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreClosedException
import dev.cairn.lsm.StoreLockedException
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.FileSystem
import okio.Path.Companion.toOkioPath
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.nio.file.Files
import java.util.concurrent.CompletableFuture

class LifecycleSpec : FunSpec({
    fun b(s: String) = s.toByteArray()

    test("close is idempotent and every later call throws StoreClosedException") {
        val fs = FakeFileSystem()
        val db = LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(fs).build())
        db.put(b("k"), b("v"))
        val cursor = db.newCursor()
        val snapshot = db.snapshot()
        db.close()
        db.close()
        shouldThrow<StoreClosedException> { db.put(b("k"), b("v")) }
        shouldThrow<StoreClosedException> { db.get(b("k")) }
        shouldThrow<StoreClosedException> { db.delete(b("k")) }
        shouldThrow<StoreClosedException> { db.newCursor() }
        shouldThrow<StoreClosedException> { db.snapshot() }
        shouldThrow<StoreClosedException> { db.flush() }
        shouldThrow<StoreClosedException> { db.stats() }
        shouldThrow<StoreClosedException> { cursor.seekToFirst() }
        cursor.close()
        snapshot.close()
        fs.checkNoOpenFiles()
    }

    test("a second open of the same directory is refused with the path, in process and after close it works") {
        val tmp = Files.createTempDirectory("cairn-lock")
        try {
            val dir = tmp.resolve("db")
            val db = LsmStore.open(dir, StoreOptions.defaults())
            val e = shouldThrow<StoreLockedException> { LsmStore.open(dir, StoreOptions.defaults()) }
            e.message shouldContain "db"
            db.put(b("a"), b("1"))
            db.close()
            LsmStore.open(dir, StoreOptions.defaults()).use { it.get(b("a"))!!.decodeToString() shouldBe "1" }
        } finally {
            tmp.toFile().deleteRecursively()
        }
    }

    test("writes, deletes and range deletes survive close and reopen, with and without flush") {
        val fs = FakeFileSystem()
        val dir = "/db".toPath()
        val opts = StoreOptions.builder().fileSystem(fs).memtableSizeBytes(8192).build()
        LsmStore.open(dir, opts).use { db ->
            for (i in 0 until 500) db.put(b("key%05d".format(i)), b("value$i"))
            db.deleteRange(b("key00100"), b("key00200"))
            db.delete(b("key00300"))
            db.flush()
            db.put(b("key00150"), b("back"))
        }
        LsmStore.open(dir, opts).use { db ->
            db.get(b("key00099"))!!.decodeToString() shouldBe "value99"
            db.get(b("key00100")) shouldBe null
            db.get(b("key00150"))!!.decodeToString() shouldBe "back"
            db.get(b("key00199")) shouldBe null
            db.get(b("key00300")) shouldBe null
            db.get(b("key00499"))!!.decodeToString() shouldBe "value499"
            var n = 0
            db.newCursor().use { c -> c.seekToFirst(); while (c.isValid) { n++; c.next() } }
            n shouldBe 500 - 100 + 1 - 1
        }
        fs.checkNoOpenFiles()
    }

    test("writeAsync completes once the write is visible and durable") {
        val tmp = Files.createTempDirectory("cairn-async")
        try {
            LsmStore.open(tmp.resolve("db").toOkioPath(), StoreOptions.builder().fileSystem(FileSystem.SYSTEM).build()).use { db ->
                val futures = (0 until 200).map { i ->
                    db.writeAsync(WriteBatch().put(b("k$i"), b("v$i")), if (i % 2 == 0) WriteOptions.sync() else WriteOptions.defaults())
                }
                CompletableFuture.allOf(*futures.toTypedArray()).join()
                (0 until 200).forEach { i -> db.get(b("k$i"))!!.decodeToString() shouldBe "v$i" }
            }
        } finally {
            tmp.toFile().deleteRecursively()
        }
    }

    test("concurrent writers all land, each batch whole") {
        val fs = FakeFileSystem()
        LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(fs).memtableSizeBytes(64 * 1024).build()).use { db ->
            val threads = (0 until 8).map { t ->
                Thread {
                    for (i in 0 until 300) {
                        db.write(WriteBatch().put(b("t$t-$i-a"), b("x")).put(b("t$t-$i-b"), b("y")))
                    }
                }.also { it.start() }
            }
            threads.forEach { it.join() }
            db.snapshot().use { s ->
                var n = 0
                db.newCursor(ReadOptions.at(s)).use { c -> c.seekToFirst(); while (c.isValid) { n++; c.next() } }
                n shouldBe 8 * 300 * 2
            }
        }
    }
})

package dev.cairn.lsm.engine

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

class SnapshotCompactionSpec : FunSpec({
    fun b(s: String) = s.toByteArray()

    test("a snapshot keeps seeing overwritten, deleted and range-deleted values through flush and full compaction") {
        val fs = FakeFileSystem()
        LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(fs).memtableSizeBytes(4096).build()).use { db ->
            for (i in 0 until 200) db.put(b("k%03d".format(i)), b("old$i"))
            val snap = db.snapshot()
            for (i in 0 until 200 step 2) db.put(b("k%03d".format(i)), b("new$i"))
            db.delete(b("k001"))
            db.deleteRange(b("k100"), b("k150"))
            db.compactRange(null, null)
            db.get(b("k000"))!!.decodeToString() shouldBe "new0"
            db.get(b("k001")) shouldBe null
            db.get(b("k120")) shouldBe null
            db.get(b("k000"), ReadOptions.at(snap))!!.decodeToString() shouldBe "old0"
            db.get(b("k001"), ReadOptions.at(snap))!!.decodeToString() shouldBe "old1"
            db.get(b("k120"), ReadOptions.at(snap))!!.decodeToString() shouldBe "old120"
            var n = 0
            db.newCursor(ReadOptions.at(snap)).use { c -> c.seekToFirst(); while (c.isValid) { n++; c.next() } }
            n shouldBe 200
            snap.close()
            db.compactRange(null, null)
            var live = 0
            db.newCursor().use { c -> c.seekToFirst(); while (c.isValid) { live++; c.next() } }
            live shouldBe 200 - 1 - 50
        }
        fs.checkNoOpenFiles()
    }

    test("deleteRange over every key followed by a full compaction leaves almost no table bytes") {
        val fs = FakeFileSystem()
        LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(fs).memtableSizeBytes(16 * 1024).build()).use { db ->
            for (i in 0 until 3000) db.put(b("key%05d".format(i)), ByteArray(100) { it.toByte() })
            db.flush()
            val before = db.stats().tableBytes()
            db.deleteRange(b(""), b("z"))
            db.compactRange(null, null)
            (db.stats().tableBytes() <= before / 20) shouldBe true
            db.get(b("key00010")) shouldBe null
        }
    }
})

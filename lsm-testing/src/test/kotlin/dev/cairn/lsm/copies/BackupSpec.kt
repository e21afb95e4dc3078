// Specifies incremental backups: create, list, verify, restore, purge and delete; a second
// backup copies only the tables the first did not hold (bytes counted through the file system);
// a damaged backup file is reported by verify and refused by restore, which leaves no store.
package dev.cairn.lsm.copies

import dev.cairn.lsm.Backups
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.reliability.readAll
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.Path.Companion.toPath

class BackupSpec : FunSpec({

    val options = { fs: okio.FileSystem -> StoreOptions.builder().fileSystem(fs).memtableSizeBytes(256 * 1024).build() }

    test("backups restore exactly what the store held, and list, purge and delete keep the rest intact") {
        val fs = CrashFileSystem()
        val expected = mutableListOf<Map<okio.ByteString, okio.ByteString>>()
        LsmStore.open("/db".toPath(), options(fs)).use { db ->
            Backups.open("/backups".toPath(), fs).use { b ->
                for (round in 0 until 4) {
                    for (i in 0 until 500) db.put("k%04d".format(round * 500 + i).toByteArray(), "r$round-$i".toByteArray())
                    db.delete("k%04d".format(round).toByteArray())
                    if (round % 2 == 0) db.flush()
                    expected += readAll(db)
                    val info = b.create(db)
                    info.id shouldBe round + 1L
                    info.sequence shouldBe db.stats().lastSequence
                }
                b.list().map { it.id } shouldBe listOf(1L, 2L, 3L, 4L)
                for (info in b.list()) {
                    b.verify(info.id)
                    b.restore(info.id, "/restored-${info.id}".toPath())
                    LsmStore.open("/restored-${info.id}".toPath(), options(fs)).use { r -> readAll(r) shouldBe expected[(info.id - 1).toInt()] }
                }
                b.purgeOld(2) shouldBe 2
                b.list().map { it.id } shouldBe listOf(3L, 4L)
                b.delete(3)
                b.list().map { it.id } shouldBe listOf(4L)
                b.verify(4)
                b.restore(4, "/again".toPath())
                LsmStore.open("/again".toPath(), options(fs)).use { r -> readAll(r) shouldBe expected[3] }
                shouldThrow<IllegalArgumentException> { b.restore(4, "/again".toPath()) }.message shouldContain "is not empty"
                shouldThrow<IllegalArgumentException> { b.verify(1) }.message shouldContain "no backup 1"
            }
        }
        fs.checkNoOpenFiles()
    }

    test("an incremental backup copies only the tables the previous one did not hold") {
        val counting = CountingFileSystem(CrashFileSystem())
        // one table per flush, and too few for any compaction to rewrite them between the backups
        LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(counting).build()).use { db ->
            for (i in 0 until 20_000) db.put("k%06d".format(i).toByteArray(), ByteArray(64) { i.toByte() })
            db.flush()
            Backups.open("/backups".toPath(), counting).use { b ->
                val firstStart = counting.bytesWritten.get()
                val firstTables = db.stats().tableBytes()
                b.create(db)
                val first = counting.bytesWritten.get() - firstStart
                for (i in 0 until 100) db.put("n%06d".format(i).toByteArray(), ByteArray(64))
                db.flush()
                val secondStart = counting.bytesWritten.get()
                val info = b.create(db)
                val second = counting.bytesWritten.get() - secondStart
                val newTable = db.stats().tableBytes() - firstTables
                // the first backup copied every table; the second only the new one, its manifest and metadata
                (first >= firstTables) shouldBe true
                second shouldBeLessThan newTable + 4096
                info.files shouldBe 4
            }
        }
    }

    test("a damaged backup file is reported by verify and refused by restore, which leaves no store") {
        val fs = CrashFileSystem()
        LsmStore.open("/db".toPath(), options(fs)).use { db ->
            for (i in 0 until 2000) db.put("k$i".toByteArray(), "v$i".toByteArray())
            db.flush()
            Backups.open("/backups".toPath(), fs).use { b ->
                val id = b.create(db).id
                val table = fs.list("/backups/shared".toPath()).first()
                fs.openReadWrite(table).use { h ->
                    val one = ByteArray(1)
                    h.read(100, one, 0, 1)
                    one[0] = (one[0].toInt() xor 1).toByte()
                    h.write(100, one, 0, 1)
                }
                shouldThrow<CorruptionException> { b.verify(id) }.message shouldContain table.name
                shouldThrow<CorruptionException> { b.restore(id, "/restored".toPath()) }.message shouldContain "nothing was restored"
                fs.exists("/restored/CURRENT".toPath()) shouldBe false
            }
        }
    }
})

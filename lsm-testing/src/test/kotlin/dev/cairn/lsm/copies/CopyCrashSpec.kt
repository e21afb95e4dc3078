// Specifies crash safety of copies: a power cut before any file operation of a backup, a
// restore and a checkpoint (every WRITE, SYNC, RENAME, DELETE, OPEN and directory creation, on
// the crash-simulating file system) leaves a backup directory that opens; every backup taken
// before is listed, verifies and restores exactly its data; a backup listed from the interrupted
// run verifies and restores exactly its data too (no backup verifies but restores wrong data);
// a restore or checkpoint that left a CURRENT opens with exactly what it should hold.
package dev.cairn.lsm.copies

import dev.cairn.lsm.Backups
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.reliability.readAll
import dev.cairn.lsm.reliability.withSeed
import dev.cairn.lsm.testing.CrashFileSystem
import dev.cairn.lsm.testing.FaultFileSystem
import dev.cairn.lsm.testing.FaultOperation
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import okio.ByteString
import okio.FileSystem
import okio.Path.Companion.toPath
import java.util.Random
import java.util.TreeMap

private val CUT_BEFORE = setOf(FaultOperation.WRITE, FaultOperation.SYNC, FaultOperation.RENAME, FaultOperation.DELETE,
    FaultOperation.OPEN, FaultOperation.CREATE_DIRECTORY)

private fun options(fs: FileSystem) = StoreOptions.builder().fileSystem(fs).memtableSizeBytes(32 * 1024).blockSize(1024).build()

private fun contents(fs: FileSystem, dir: String): TreeMap<ByteString, ByteString> =
    LsmStore.open(dir.toPath(), options(fs)).use { readAll(it) }

class CopyCrashSpec : FunSpec({

    test("a power cut at every file operation of backup, restore and checkpoint loses no earlier backup and yields no wrong one") {
        val seed = 2_200L
        withSeed("copy crash points", seed) {
            val random = Random(seed)
            val crash = CrashFileSystem()
            val clones = ArrayList<Pair<String, CrashFileSystem>>()
            var phase = ""
            val faults = FaultFileSystem(crash).observe { op, path ->
                if (phase.isNotEmpty() && op in CUT_BEFORE) {
                    synchronized(clones) { clones += "$phase: before $op $path" to crash.crashClone(Random(random.nextLong()), 0.5) }
                }
            }
            val expected = HashMap<Long, TreeMap<ByteString, ByteString>>()
            lateinit var atCheckpoint: TreeMap<ByteString, ByteString>
            LsmStore.open("/db".toPath(), options(faults)).use { db ->
                fun write(round: Int) {
                    for (i in 0 until 400) db.put("k%05d".format(round * 400 + i).toByteArray(), "r$round-$i".toByteArray())
                    db.deleteRange("k%05d".format(round * 400).toByteArray(), "k%05d".format(round * 400 + 5).toByteArray())
                }
                Backups.open("/backups".toPath(), faults).use { b ->
                    write(0)
                    db.flush()
                    write(1)
                    expected[b.create(db).id] = readAll(db)
                    write(2)
                    expected[2] = readAll(db)
                    phase = "backup 2"
                    b.create(db).id shouldBe 2L
                    phase = "restore 2"
                    b.restore(2, "/restored".toPath())
                    phase = ""
                    write(3)
                    atCheckpoint = readAll(db)
                    phase = "checkpoint"
                    db.checkpoint("/cp".toPath())
                    phase = ""
                }
            }
            clones.size shouldBeGreaterThan 20
            for ((where, fs) in clones) {
                try {
                    Backups.open("/backups".toPath(), fs).use { b ->
                        val ids = b.list().map { it.id }
                        (1L in ids) shouldBe true
                        for (id in ids) {
                            b.verify(id)
                            val target = "/check-$id"
                            b.restore(id, target.toPath())
                            contents(fs, target) shouldBe expected[id]
                        }
                    }
                    if (fs.exists("/restored/CURRENT".toPath())) contents(fs, "/restored") shouldBe expected[2]
                    if (fs.exists("/cp/CURRENT".toPath())) contents(fs, "/cp") shouldBe atCheckpoint
                } catch (e: Throwable) {
                    throw AssertionError("power cut $where: $e", e)
                }
            }
            println("[figures] copy crash points: ${clones.size} power cuts checked")
        }
    }
})

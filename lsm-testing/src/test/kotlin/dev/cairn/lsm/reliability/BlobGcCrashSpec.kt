// Specifies crash safety of the value log: a power cut before any file operation (every WRITE,
// SYNC, RENAME, DELETE, OPEN and directory creation, on the crash-simulating file system) of a
// flush that writes a blob file, of a compaction that counts garbage, and of a compaction that
// collects a blob file (rewrites its live values into a new one and deletes it) leaves a store that
// opens with every acknowledged value and no blob file the manifest does not name.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import okio.ByteString
import okio.FileSystem
import okio.Path.Companion.toPath
import java.util.TreeMap

private fun options(fs: FileSystem) = StoreOptions.builder().fileSystem(fs).syncWrites(true).memtableSizeBytes(1 shl 20)
    .valueSeparationThreshold(512).backgroundThreads(1).build()

private fun value(i: Int, round: Int) = ("r$round-$i-" + "abcdefghij".repeat(60 + i % 7)).toByteArray()

class BlobGcCrashSpec : FunSpec({

    test("a power cut at every file operation of a blob flush, garbage counting and blob collection loses no acknowledged value") {
        val seed = 2_300L
        withSeed("value-log crash points", seed) {
            val cuts = PhasePowerCuts<TreeMap<ByteString, ByteString>>(CrashFileSystem(), seed)
            var collected = false
            LsmStore.open("/db".toPath(), options(cuts.fileSystem)).use { db ->
                for (i in 0 until 24) db.put("k%03d".format(i).toByteArray(), value(i, 0))
                db.put("small".toByteArray(), "s".toByteArray())
                cuts.expected = readAll(db)
                cuts.during("flush") { db.flush() }
                for (i in 0 until 16) db.put("k%03d".format(i).toByteArray(), value(i, 1))
                db.delete("k020".toByteArray())
                cuts.expected = readAll(db)
                cuts.during("flush and garbage count") {
                    db.flush()
                    db.compactRange(null, null)
                }
                val before = db.stats().blobFileCount()
                // The background may have collected already (it rewrites the tables pointing into
                // a file at least half garbage); this collects whatever it has not.
                cuts.during("blob collection") { db.compactRange(null, null) }
                collected = db.stats().blobFileCount() <= before && db.stats().blobGarbageBytes() == 0L
            }
            collected shouldBe true
            val clones = cuts.cuts()
            clones.size shouldBeGreaterThan 20
            for ((where, fs, want) in clones) {
                try {
                    LsmStore.open("/db".toPath(), options(fs)).use { db ->
                        readAll(db) shouldBe want
                        awaitBlobFilesNamed(db, fs, "/db".toPath())
                        // The store goes on: another collection and a reopen keep every value.
                        db.compactRange(null, null)
                        readAll(db) shouldBe want
                    }
                    LsmStore.open("/db".toPath(), options(fs)).use { db -> readAll(db) shouldBe want }
                } catch (e: Throwable) {
                    throw AssertionError("power cut $where: $e", e)
                }
            }
            println("[figures] value-log crash points: ${clones.size} power cuts checked")
        }
    }
})

// Damage to a blob file of the value log is reported, never read as a value: a flipped byte in
// any record makes the get, the cursor and the compaction that reach it throw CorruptionException
// naming the file; values in undamaged records still read. Deterministic (seeded flips).
package dev.cairn.lsm.vlog

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.engine.SynchronizedFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.random.Random
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

class BlobCorruptionSpec : FunSpec({
    val dir = "/db".toPath()
    fun options(fs: okio.FileSystem) = StoreOptions.builder().fileSystem(fs).valueSeparationThreshold(THRESHOLD)
        .backgroundThreads(1).build()

    test("a flipped byte in a blob record is a CorruptionException naming the file for get, cursor and compaction") {
        repeat(12) { seed ->
            withClue("seed $seed") {
                val rnd = Random(seed)
                val fs = SynchronizedFileSystem(FakeFileSystem())
                LsmStore.open(dir, options(fs)).use { db ->
                    for (i in 0 until 8) db.put(key(i), bigValue(i, 0, 2000))
                    db.flush()
                }
                val blob = blobFiles(fs, dir).single()
                val bytes = fs.read(blob) { readByteArray() }
                // Records lie between the 16-byte header and the 16-byte footer; each is about 2 KB.
                val victim = rnd.nextInt(8)
                val recordSize = (bytes.size - 32) / 8
                val at = 16 + victim * recordSize + rnd.nextInt(recordSize)
                bytes[at] = (bytes[at].toInt() xor (1 shl rnd.nextInt(8))).toByte()
                fs.write(blob) { write(bytes) }
                LsmStore.open(dir, options(fs)).use { db ->
                    var failed = 0
                    for (i in 0 until 8) {
                        try {
                            db.get(key(i))!!.toList() shouldBe bigValue(i, 0, 2000).toList()
                        } catch (e: CorruptionException) {
                            e.message!! shouldContain blob.name
                            failed++
                        }
                    }
                    failed shouldBe 1
                    val e = shouldThrow<CorruptionException> {
                        db.newCursor().use { c ->
                            c.seekToFirst()
                            while (c.isValid()) c.next()
                        }
                    }
                    e.message!! shouldContain blob.name
                }
            }
        }
    }

    test("a compaction collecting a damaged blob file fails and keeps every file it read") {
        val fs = SynchronizedFileSystem(FakeFileSystem())
        LsmStore.open(dir, options(fs)).use { db ->
            for (i in 0 until 10) db.put(key(i), bigValue(i, 0, 2000))
            db.flush()
            for (i in 0 until 6) db.put(key(i), bigValue(i, 1, 2000))
            db.flush()
        }
        val first = blobFiles(fs, dir).minByOrNull { it.name }!!
        val bytes = fs.read(first) { readByteArray() }
        val at = bytes.size - 16 - 100 // inside the last record (key 9, live)
        bytes[at] = (bytes[at].toInt() xor 1).toByte()
        fs.write(first) { write(bytes) }
        LsmStore.open(dir, options(fs)).use { db ->
            // The first compaction only counts the garbage (60% of the first file, now due for
            // collection); collecting the file, by the background or the second compaction, reads
            // the damaged record and fails.
            shouldThrow<Exception> {
                db.compactRange(null, null)
                db.compactRange(null, null)
            }
            fs.exists(first) shouldBe true
        }
    }
})

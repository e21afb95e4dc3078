// Specifies what a CrashFileSystem crash clone keeps and drops: synced bytes and synced names
// survive; unsynced bytes, names created or renamed since the last directory sync, and deletes
// since then do not.
package dev.cairn.lsm.testing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.ByteString.Companion.encodeUtf8
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toPath
import java.io.FileNotFoundException
import java.util.Random

private val dir = "/db".toPath()

private fun CrashFileSystem.fresh(): CrashFileSystem = apply { createDirectory(dir) }

/** Writes [text] at [offset] through a read-write handle and, when [sync], flushes (fsyncs) it. */
private fun FileSystem.writeAt(path: Path, text: String, offset: Long = 0, sync: Boolean = true) {
    openReadWrite(path).use { h ->
        val bytes = text.encodeToByteArray()
        h.write(offset, bytes, 0, bytes.size)
        if (sync) h.flush()
    }
}

private fun FileSystem.text(path: Path): String = read(path) { readUtf8() }

class CrashFileSystemSpec : FunSpec({

    test("bytes flushed through a handle, in a synced directory, survive a crash") {
        val fs = CrashFileSystem().fresh()
        fs.writeAt(dir / "a", "hello")
        fs.syncDirectory(dir)
        fs.unsyncedPaths().shouldBeEmpty()
        fs.crashClone().text(dir / "a") shouldBe "hello"
    }

    test("bytes written after the last sync are dropped when unsynced bytes are not kept") {
        val fs = CrashFileSystem().fresh()
        fs.writeAt(dir / "a", "synced")
        fs.syncDirectory(dir)
        fs.writeAt(dir / "a", "+lost", offset = 6, sync = false)
        fs.text(dir / "a") shouldBe "synced+lost"
        fs.unsyncedPaths() shouldContainExactly listOf(dir / "a")
        fs.crashClone(Random(1), 0.0).text(dir / "a") shouldBe "synced"
    }

    test("a kept unsynced tail is a prefix of what was written, never less than what was synced") {
        val fs = CrashFileSystem().fresh()
        fs.writeAt(dir / "a", "0123456789")
        fs.syncDirectory(dir)
        fs.writeAt(dir / "a", "abcdefghij", offset = 10, sync = false)
        val lengths = mutableSetOf<Int>()
        for (seed in 0L until 200L) {
            val image = fs.crashClone(Random(seed), 1.0).text(dir / "a")
            withClue("seed $seed") {
                image.length shouldBeInRange 10..20
                image shouldBe "0123456789abcdefghij".substring(0, image.length)
            }
            lengths += image.length
        }
        (lengths.size > 5) shouldBe true
    }

    test("an unsynced overwrite inside a file keeps either the old or the new bytes at each offset") {
        val fs = CrashFileSystem().fresh()
        fs.writeAt(dir / "a", "aaaaaaaaaa")
        fs.syncDirectory(dir)
        fs.writeAt(dir / "a", "bbbb", offset = 3, sync = false)
        for (seed in 0L until 100L) {
            val image = fs.crashClone(Random(seed), 0.5).text(dir / "a")
            withClue("seed $seed: $image") {
                image.length shouldBe 10
                image.startsWith("aaa") shouldBe true
                image.endsWith("aaa") shouldBe true
                Regex("aaab*a*aaa").matches(image) shouldBe true
            }
        }
    }

    test("the flush of a FileSystem sink is not a sync") {
        val fs = CrashFileSystem().fresh()
        fs.write(dir / "a") { writeUtf8("buffered"); flush() }
        fs.syncDirectory(dir)
        fs.text(dir / "a") shouldBe "buffered"
        fs.crashClone().text(dir / "a") shouldBe ""
    }

    test("the flush of a handle's sink is a sync") {
        val fs = CrashFileSystem().fresh()
        fs.openReadWrite(dir / "a").use { h ->
            h.sink(0).use { s ->
                val b = okio.Buffer().writeUtf8("via handle sink")
                s.write(b, b.size)
                s.flush()
            }
        }
        fs.syncDirectory(dir)
        fs.crashClone().text(dir / "a") shouldBe "via handle sink"
    }

    test("a sync makes bytes durable whichever sink or handle wrote them") {
        val fs = CrashFileSystem().fresh()
        fs.write(dir / "a") { writeUtf8("from a sink") }
        fs.openReadWrite(dir / "a").use { it.flush() }
        fs.syncDirectory(dir)
        fs.crashClone().text(dir / "a") shouldBe "from a sink"
    }

    test("a file whose directory was not synced since it was created is gone after a crash") {
        val fs = CrashFileSystem().fresh()
        fs.writeAt(dir / "a", "synced bytes, unsynced name")
        fs.unsyncedPaths() shouldContainExactly listOf(dir)
        val crashed = fs.crashClone()
        crashed.exists(dir) shouldBe true
        crashed.exists(dir / "a") shouldBe false
        crashed.list(dir).shouldBeEmpty()
    }

    test("a rename not followed by a directory sync is reverted by a crash") {
        val fs = CrashFileSystem().fresh()
        fs.writeAt(dir / "CURRENT.tmp", "MANIFEST-1")
        fs.syncDirectory(dir)
        fs.atomicMove(dir / "CURRENT.tmp", dir / "CURRENT")
        fs.exists(dir / "CURRENT") shouldBe true

        val crashed = fs.crashClone()
        crashed.exists(dir / "CURRENT") shouldBe false
        crashed.text(dir / "CURRENT.tmp") shouldBe "MANIFEST-1"

        fs.syncDirectory(dir)
        val later = fs.crashClone()
        later.text(dir / "CURRENT") shouldBe "MANIFEST-1"
        later.exists(dir / "CURRENT.tmp") shouldBe false
    }

    test("replacing a file by rename without a directory sync brings the old file back after a crash") {
        val fs = CrashFileSystem().fresh()
        fs.writeAt(dir / "CURRENT", "MANIFEST-1")
        fs.writeAt(dir / "CURRENT.tmp", "MANIFEST-2")
        fs.syncDirectory(dir)
        fs.atomicMove(dir / "CURRENT.tmp", dir / "CURRENT")
        fs.text(dir / "CURRENT") shouldBe "MANIFEST-2"
        val crashed = fs.crashClone()
        crashed.text(dir / "CURRENT") shouldBe "MANIFEST-1"
        crashed.text(dir / "CURRENT.tmp") shouldBe "MANIFEST-2"
    }

    test("a deleted file comes back with its durable bytes until its directory is synced") {
        val fs = CrashFileSystem().fresh()
        fs.writeAt(dir / "old.sst", "table")
        fs.syncDirectory(dir)
        fs.delete(dir / "old.sst")
        fs.exists(dir / "old.sst") shouldBe false
        fs.crashClone().text(dir / "old.sst") shouldBe "table"
        fs.syncDirectory(dir)
        fs.crashClone().exists(dir / "old.sst") shouldBe false
    }

    test("an unsynced truncation is undone by a crash") {
        val fs = CrashFileSystem().fresh()
        fs.writeAt(dir / "a", "0123456789")
        fs.syncDirectory(dir)
        fs.openReadWrite(dir / "a").use { it.resize(4) }
        fs.text(dir / "a") shouldBe "0123"
        fs.crashClone().text(dir / "a") shouldBe "0123456789"
        fs.openReadWrite(dir / "a").use { it.flush() }
        fs.crashClone().text(dir / "a") shouldBe "0123"
    }

    test("directories are durable as soon as they are created") {
        val fs = CrashFileSystem()
        fs.createDirectories("/x/y".toPath())
        fs.crashClone().metadata("/x/y".toPath()).isDirectory shouldBe true
    }

    test("a crash clone is independent of the original") {
        val fs = CrashFileSystem().fresh()
        fs.writeAt(dir / "a", "one")
        fs.syncDirectory(dir)
        val crashed = fs.crashClone()
        crashed.writeAt(dir / "a", "two")
        crashed.writeAt(dir / "b", "new")
        fs.writeAt(dir / "a", "six")
        fs.text(dir / "a") shouldBe "six"
        fs.exists(dir / "b") shouldBe false
        crashed.text(dir / "a") shouldBe "two"
        crashed.unsyncedPaths() shouldContainExactly listOf(dir)
    }

    test("a crash clone has every byte and name durable") {
        val fs = CrashFileSystem().fresh()
        fs.writeAt(dir / "a", "abc", sync = false)
        fs.syncDirectory(dir)
        val crashed = fs.crashClone(Random(3), 1.0)
        crashed.unsyncedPaths().shouldBeEmpty()
        crashed.crashClone().text(dir / "a") shouldBe crashed.text(dir / "a")
    }

    test("handles keep working on a file after it is renamed or deleted") {
        val fs = CrashFileSystem().fresh()
        val h = fs.openReadWrite(dir / "a")
        h.write(0, "x".encodeToByteArray(), 0, 1)
        fs.atomicMove(dir / "a", dir / "b")
        h.write(1, "y".encodeToByteArray(), 0, 1)
        h.flush()
        fs.text(dir / "b") shouldBe "xy"
        fs.delete(dir / "b")
        h.size() shouldBe 2L
        h.close()
        fs.exists(dir / "b") shouldBe false
    }

    test("checkNoOpenFiles names a leaked handle and where it was opened") {
        val fs = CrashFileSystem().fresh()
        val h = fs.openReadWrite(dir / "leak")
        val source = fs.run { writeAt(dir / "other", "x"); source(dir / "other") }
        fs.openPaths() shouldContainExactly listOf(dir / "leak", dir / "other")
        val e = shouldThrow<IllegalStateException> { fs.checkNoOpenFiles() }
        e.message shouldContain "/db/leak"
        e.cause!!.message shouldContain "opened /db/leak here"
        h.close()
        source.close()
        fs.checkNoOpenFiles()
    }

    test("missing files and parents are reported as FileSystem does") {
        val fs = CrashFileSystem().fresh()
        shouldThrow<FileNotFoundException> { fs.openReadOnly(dir / "none") }
        shouldThrow<FileNotFoundException> { fs.openReadWrite("/nodir/x".toPath()) }
        shouldThrow<java.io.IOException> { fs.openReadWrite(dir / "a", mustCreate = false, mustExist = true) }
        fs.writeAt(dir / "a", "x")
        shouldThrow<java.io.IOException> { fs.openReadWrite(dir / "a", mustCreate = true, mustExist = false) }
        shouldThrow<java.io.IOException> { fs.delete(dir) }
        fs.metadataOrNull(dir / "none") shouldBe null
        fs.metadata(dir / "a").size shouldBe 1L
        fs.list(dir) shouldContainExactly listOf(dir / "a")
        fs.listOrNull(dir / "a") shouldBe null
        fs.delete(dir / "none", mustExist = false)
        shouldThrow<FileNotFoundException> { fs.delete(dir / "none", mustExist = true) }
    }

    test("appending sinks append and source reads see unsynced bytes") {
        val fs = CrashFileSystem().fresh()
        fs.write(dir / "log") { writeUtf8("one,") }
        fs.appendingSink(dir / "log").use { s ->
            val b = okio.Buffer().writeUtf8("two")
            s.write(b, b.size)
        }
        fs.text(dir / "log") shouldBe "one,two"
        fs.read(dir / "log") { readByteString() } shouldBe "one,two".encodeUtf8()
    }

    test("a live copy keeps unsynced bytes and names, and is independent") {
        val fs = CrashFileSystem().fresh()
        fs.writeAt(dir / "a", "unsynced", sync = false)
        val copy = fs.liveCopy()
        copy.text(dir / "a") shouldBe "unsynced"
        copy.unsyncedPaths().shouldBeEmpty()
        copy.crashClone().text(dir / "a") shouldBe "unsynced"
        fs.writeAt(dir / "a", "changed")
        copy.text(dir / "a") shouldBe "unsynced"
    }
})

// Specifies read-ahead for table scans: an uncached forward scan reads windows of blocks with
// far fewer file reads than blocks, returns the same entries, and still checks every block.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.internal.key.InternalKey
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import okio.FileHandle
import okio.FileSystem
import okio.ForwardingFileSystem
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

/** Counts positional reads on the handles it opens for reading. */
private class CountingFileSystem(delegate: FileSystem) : ForwardingFileSystem(delegate) {
    var reads = 0

    override fun openReadOnly(file: Path): FileHandle {
        val inner = delegate.openReadOnly(file)
        return object : FileHandle(false) {
            override fun protectedRead(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int): Int {
                reads++
                return inner.read(fileOffset, array, arrayOffset, byteCount)
            }

            override fun protectedSize(): Long = inner.size()
            override fun protectedClose() = inner.close()
            override fun protectedWrite(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int) =
                throw UnsupportedOperationException()
            override fun protectedFlush() = throw UnsupportedOperationException()
            override fun protectedResize(size: Long) = throw UnsupportedOperationException()
        }
    }
}

class ReadaheadSpec : FunSpec({
    val entries = randomEntries(Random(20261122L), 3000, valueSize = 100)

    test("an uncached forward scan reads the table in windows: far fewer reads than blocks, same entries") {
        val fake = FakeFileSystem()
        writeTable(fake, "/t.sst".toPath(), entries)
        val fs = CountingFileSystem(fake)
        // The number of data blocks: one cache miss each on a first cached scan.
        val blocks = BlockCache(64L shl 20).let { cache ->
            TableReader.open(fs, "/t.sst".toPath(), 1, cache).use { t -> t.newIterator(true).use { it.forwardScan() } }
            cache.misses().toInt()
        }
        (blocks > 40) shouldBe true
        TableReader.open(fs, "/t.sst".toPath(), 2, null).use { t ->
            val before = fs.reads
            t.newIterator(false).use { it.forwardScan() } shouldBe entries
            (fs.reads - before) shouldBeLessThan blocks / 4
        }
        fake.checkNoOpenFiles()
    }

    test("scans backward and point reads still read block by block and agree with the table") {
        val fake = FakeFileSystem()
        writeTable(fake, "/t.sst".toPath(), entries)
        TableReader.open(fake, "/t.sst".toPath(), 3, null).use { t ->
            t.newIterator(false).use { it.backwardScan() } shouldBe entries.reversed()
            // The newest version of a user key sorts first among its versions.
            val user = InternalKey.userKey(entries[entries.size / 3].key)
            val newest = entries.first { InternalKey.userKey(it.key).contentEquals(user) }
            t.get(user, Long.MAX_VALUE ushr 8, false)!!.storedValue() shouldBe newest.value
        }
    }

    test("a damaged block met inside a read-ahead window is still refused with its offset") {
        val fake = FakeFileSystem()
        writeTable(fake, "/t.sst".toPath(), entries)
        val bytes = fake.read("/t.sst".toPath()) { readByteArray() }
        // Damage a byte well inside the data blocks, past the first windows' start.
        val at = bytes.size / 2
        bytes[at] = (bytes[at].toInt() xor 0x55).toByte()
        fake.write("/t.sst".toPath()) { write(bytes) }
        TableReader.open(fake, "/t.sst".toPath(), 4, null).use { t ->
            val e = shouldThrow<CorruptionException> { t.newIterator(false).use { it.forwardScan() } }
            (e.message!!.contains("t.sst")) shouldBe true
        }
    }
})

// Specifies that table reads tolerate file handles returning short counts.
package dev.cairn.lsm.internal.sstable

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.FileHandle
import okio.FileSystem
import okio.ForwardingFileSystem
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

/** A read-only handle that returns at most [chunk] bytes per read, as a file system may. */
private class ShortReadHandle(private val inner: FileHandle, private val chunk: Int) : FileHandle(false) {
    override fun protectedRead(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int): Int =
        inner.read(fileOffset, array, arrayOffset, minOf(byteCount, chunk))
    override fun protectedWrite(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int) =
        throw UnsupportedOperationException()
    override fun protectedFlush() = Unit
    override fun protectedResize(size: Long) = throw UnsupportedOperationException()
    override fun protectedSize(): Long = inner.size()
    override fun protectedClose() = inner.close()
}

private class ShortReadFileSystem(delegate: FileSystem, private val chunk: Int) : ForwardingFileSystem(delegate) {
    override fun openReadOnly(file: Path): FileHandle = ShortReadHandle(delegate.openReadOnly(file), chunk)
}

class ShortReadSpec : FunSpec({
    test("reads that return short counts are completed by looping") {
        val fake = FakeFileSystem()
        val entries = randomEntries(Random(13), 1500)
        writeTable(fake, "/t.sst".toPath(), entries)
        for (chunk in listOf(1, 7, 1000)) {
            val fs = ShortReadFileSystem(fake, chunk)
            TableReader.open(fs, "/t.sst".toPath(), 1, null).use { t ->
                t.newIterator(true).use { it.forwardScan().keysAsText() shouldBe entries.keysAsText() }
            }
        }
        fake.checkNoOpenFiles()
    }
})

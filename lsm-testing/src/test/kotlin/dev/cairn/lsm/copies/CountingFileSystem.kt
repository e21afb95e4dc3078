// A file system that counts the bytes written through FileHandles opened on it (how checkpoints,
// backups and restores write), for specs that assert how much a copy wrote. Thread-safe.
package dev.cairn.lsm.copies

import okio.FileHandle
import okio.FileSystem
import okio.ForwardingFileSystem
import okio.Path
import java.util.concurrent.atomic.AtomicLong

class CountingFileSystem(delegate: FileSystem) : ForwardingFileSystem(delegate) {
    val bytesWritten = AtomicLong()

    override fun openReadWrite(file: Path, mustCreate: Boolean, mustExist: Boolean): FileHandle =
        CountingHandle(delegate.openReadWrite(file, mustCreate, mustExist), bytesWritten)

    private class CountingHandle(private val d: FileHandle, private val count: AtomicLong) : FileHandle(true) {
        override fun protectedRead(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int): Int =
            d.read(fileOffset, array, arrayOffset, byteCount)

        override fun protectedWrite(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int) {
            count.addAndGet(byteCount.toLong())
            d.write(fileOffset, array, arrayOffset, byteCount)
        }

        override fun protectedFlush() = d.flush()
        override fun protectedResize(size: Long) = d.resize(size)
        override fun protectedSize(): Long = d.size()
        override fun protectedClose() = d.close()
    }
}

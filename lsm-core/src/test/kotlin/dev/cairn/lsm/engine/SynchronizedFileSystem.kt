// A test file system: wraps a FakeFileSystem (which is not thread-safe: listing a directory while
// another thread creates a file throws ConcurrentModificationException) so every call, and every
// call on the handles it opens, runs under one lock. Thread-safe; the fake stays reachable for
// checkNoOpenFiles().
package dev.cairn.lsm.engine

import okio.FileHandle
import okio.FileMetadata
import okio.FileSystem
import okio.ForwardingFileSystem
import okio.Path
import okio.Sink
import okio.Source

/** Serializes every operation on [delegate] and on the handles, sources and sinks it opens. */
class SynchronizedFileSystem(delegate: FileSystem) : ForwardingFileSystem(delegate) {
    private val fsLock = Any() // not "lock": FileHandle has a member of that name

    override fun list(dir: Path): List<Path> = synchronized(fsLock) { super.list(dir) }
    override fun listOrNull(dir: Path): List<Path>? = synchronized(fsLock) { super.listOrNull(dir) }
    override fun metadataOrNull(path: Path): FileMetadata? = synchronized(fsLock) { super.metadataOrNull(path) }
    override fun canonicalize(path: Path): Path = synchronized(fsLock) { super.canonicalize(path) }
    override fun createDirectory(dir: Path, mustCreate: Boolean) = synchronized(fsLock) { super.createDirectory(dir, mustCreate) }
    override fun atomicMove(source: Path, target: Path) = synchronized(fsLock) { super.atomicMove(source, target) }
    override fun delete(path: Path, mustExist: Boolean) = synchronized(fsLock) { super.delete(path, mustExist) }
    override fun createSymlink(source: Path, target: Path) = synchronized(fsLock) { super.createSymlink(source, target) }
    override fun openReadOnly(file: Path): FileHandle = synchronized(fsLock) { Handle(super.openReadOnly(file), false) }
    override fun openReadWrite(file: Path, mustCreate: Boolean, mustExist: Boolean): FileHandle =
        synchronized(fsLock) { Handle(super.openReadWrite(file, mustCreate, mustExist), true) }
    override fun source(file: Path): Source = synchronized(fsLock) { LockedSource(super.source(file)) }
    override fun sink(file: Path, mustCreate: Boolean): Sink = synchronized(fsLock) { LockedSink(super.sink(file, mustCreate)) }
    override fun appendingSink(file: Path, mustExist: Boolean): Sink =
        synchronized(fsLock) { LockedSink(super.appendingSink(file, mustExist)) }

    private inner class Handle(private val h: FileHandle, readWrite: Boolean) : FileHandle(readWrite) {
        override fun protectedRead(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int): Int =
            synchronized(fsLock) { h.read(fileOffset, array, arrayOffset, byteCount) }
        override fun protectedWrite(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int) =
            synchronized(fsLock) { h.write(fileOffset, array, arrayOffset, byteCount) }
        override fun protectedFlush() = synchronized(fsLock) { h.flush() }
        override fun protectedResize(size: Long) = synchronized(fsLock) { h.resize(size) }
        override fun protectedSize(): Long = synchronized(fsLock) { h.size() }
        override fun protectedClose() = synchronized(fsLock) { h.close() }
    }

    private inner class LockedSource(private val s: Source) : Source by s {
        override fun read(sink: okio.Buffer, byteCount: Long): Long = synchronized(fsLock) { s.read(sink, byteCount) }
        override fun close() = synchronized(fsLock) { s.close() }
    }

    private inner class LockedSink(private val s: Sink) : Sink by s {
        override fun write(source: okio.Buffer, byteCount: Long) = synchronized(fsLock) { s.write(source, byteCount) }
        override fun flush() = synchronized(fsLock) { s.flush() }
        override fun close() = synchronized(fsLock) { s.close() }
    }
}

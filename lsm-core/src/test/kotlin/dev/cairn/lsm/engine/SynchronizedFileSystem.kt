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
    private val lock = Any()

    override fun list(dir: Path): List<Path> = synchronized(lock) { super.list(dir) }
    override fun listOrNull(dir: Path): List<Path>? = synchronized(lock) { super.listOrNull(dir) }
    override fun metadataOrNull(path: Path): FileMetadata? = synchronized(lock) { super.metadataOrNull(path) }
    override fun canonicalize(path: Path): Path = synchronized(lock) { super.canonicalize(path) }
    override fun createDirectory(dir: Path, mustCreate: Boolean) = synchronized(lock) { super.createDirectory(dir, mustCreate) }
    override fun atomicMove(source: Path, target: Path) = synchronized(lock) { super.atomicMove(source, target) }
    override fun delete(path: Path, mustExist: Boolean) = synchronized(lock) { super.delete(path, mustExist) }
    override fun createSymlink(source: Path, target: Path) = synchronized(lock) { super.createSymlink(source, target) }
    override fun openReadOnly(file: Path): FileHandle = synchronized(lock) { Handle(super.openReadOnly(file), false) }
    override fun openReadWrite(file: Path, mustCreate: Boolean, mustExist: Boolean): FileHandle =
        synchronized(lock) { Handle(super.openReadWrite(file, mustCreate, mustExist), true) }
    override fun source(file: Path): Source = synchronized(lock) { LockedSource(super.source(file)) }
    override fun sink(file: Path, mustCreate: Boolean): Sink = synchronized(lock) { LockedSink(super.sink(file, mustCreate)) }
    override fun appendingSink(file: Path, mustExist: Boolean): Sink =
        synchronized(lock) { LockedSink(super.appendingSink(file, mustExist)) }

    private inner class Handle(private val h: FileHandle, readWrite: Boolean) : FileHandle(readWrite) {
        override fun protectedRead(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int): Int =
            synchronized(lock) { h.read(fileOffset, array, arrayOffset, byteCount) }
        override fun protectedWrite(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int) =
            synchronized(lock) { h.write(fileOffset, array, arrayOffset, byteCount) }
        override fun protectedFlush() = synchronized(lock) { h.flush() }
        override fun protectedResize(size: Long) = synchronized(lock) { h.resize(size) }
        override fun protectedSize(): Long = synchronized(lock) { h.size() }
        override fun protectedClose() = synchronized(lock) { h.close() }
    }

    private inner class LockedSource(private val s: Source) : Source by s {
        override fun read(sink: okio.Buffer, byteCount: Long): Long = synchronized(lock) { s.read(sink, byteCount) }
        override fun close() = synchronized(lock) { s.close() }
    }

    private inner class LockedSink(private val s: Sink) : Sink by s {
        override fun write(source: okio.Buffer, byteCount: Long) = synchronized(lock) { s.write(source, byteCount) }
        override fun flush() = synchronized(lock) { s.flush() }
        override fun close() = synchronized(lock) { s.close() }
    }
}

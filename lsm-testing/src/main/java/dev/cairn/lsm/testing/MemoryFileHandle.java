// A FileHandle on a CrashFileSystem file. Thread-safe: every call goes through the file
// system's monitor. flush() is an fsync of the file when syncOnFlush is set (handles from
// openReadOnly/openReadWrite), and only a no-op otherwise (the handles behind
// FileSystem.sink() and appendingSink(), whose flush never syncs on a real disk either).
package dev.cairn.lsm.testing;

import java.io.IOException;
import okio.FileHandle;

/** A handle on one {@link MemoryFile}; it keeps working after the file is renamed or deleted. */
final class MemoryFileHandle extends FileHandle {
    private final CrashFileSystem fileSystem;
    private final MemoryFile file;
    private final boolean syncOnFlush;
    private final Object registration;

    MemoryFileHandle(CrashFileSystem fileSystem, MemoryFile file, boolean readWrite, boolean syncOnFlush,
            Object registration) {
        super(readWrite);
        this.fileSystem = fileSystem;
        this.file = file;
        this.syncOnFlush = syncOnFlush;
        this.registration = registration;
    }

    @Override
    protected int protectedRead(long fileOffset, byte[] array, int arrayOffset, int byteCount) {
        return fileSystem.read(file, fileOffset, array, arrayOffset, byteCount);
    }

    @Override
    protected void protectedWrite(long fileOffset, byte[] array, int arrayOffset, int byteCount) throws IOException {
        fileSystem.write(file, fileOffset, array, arrayOffset, byteCount);
    }

    @Override
    protected void protectedFlush() {
        if (syncOnFlush) {
            fileSystem.syncFile(file);
        }
    }

    @Override
    protected void protectedResize(long size) throws IOException {
        fileSystem.resize(file, size);
    }

    @Override
    protected long protectedSize() {
        return fileSystem.size(file);
    }

    @Override
    protected void protectedClose() {
        fileSystem.unregister(registration);
    }
}

// A FileHandle that asks its FaultFileSystem before each call whether to fail, then forwards to
// the real handle. Thread-safe as far as the wrapped handle is (FileHandle serialises calls).
package dev.cairn.lsm.testing;

import java.io.IOException;
import okio.FileHandle;
import okio.Path;

/** Wraps a delegate handle; reads, writes, flushes, resizes and size queries may be failed. */
final class FaultFileHandle extends FileHandle {
    private final FaultFileSystem fileSystem;
    private final FileHandle delegate;
    private final Path path;

    FaultFileHandle(FaultFileSystem fileSystem, FileHandle delegate, Path path) {
        super(delegate.getReadWrite());
        this.fileSystem = fileSystem;
        this.delegate = delegate;
        this.path = path;
    }

    @Override
    protected int protectedRead(long fileOffset, byte[] array, int arrayOffset, int byteCount) throws IOException {
        fileSystem.check(FaultOperation.READ, path);
        return delegate.read(fileOffset, array, arrayOffset, byteCount);
    }

    @Override
    protected void protectedWrite(long fileOffset, byte[] array, int arrayOffset, int byteCount) throws IOException {
        fileSystem.check(FaultOperation.WRITE, path);
        int allowed = (int) fileSystem.chargeWrite(byteCount);
        delegate.write(fileOffset, array, arrayOffset, allowed);
        if (allowed < byteCount) {
            throw fileSystem.diskFullException(path);
        }
    }

    @Override
    protected void protectedFlush() throws IOException {
        fileSystem.check(FaultOperation.SYNC, path);
        delegate.flush();
    }

    @Override
    protected void protectedResize(long size) throws IOException {
        fileSystem.check(FaultOperation.WRITE, path);
        delegate.resize(size);
    }

    @Override
    protected long protectedSize() throws IOException {
        fileSystem.check(FaultOperation.METADATA, path);
        return delegate.size();
    }

    @Override
    protected void protectedClose() throws IOException {
        delegate.close();
    }
}

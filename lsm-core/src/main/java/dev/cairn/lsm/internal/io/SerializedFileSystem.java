// Makes any non-system file system safe for the store's threads by running every operation (and
// every handle's) under one lock. Thread-safe.
package dev.cairn.lsm.internal.io;

import dev.cairn.lsm.DirectorySync;
import java.io.IOException;
import java.util.List;
import okio.FileHandle;
import okio.FileMetadata;
import okio.FileSystem;
import okio.ForwardingFileSystem;
import okio.Path;
import okio.Sink;
import okio.Source;

/**
 * Makes a file system safe for the store's threads by running every operation, and every
 * operation on the handles it opens, under one lock. Okio's {@code FakeFileSystem} (which tests
 * pass in) is not thread-safe, and the store writes its log on the caller's thread while flushes
 * and compactions run in the background. Used for every file system except
 * {@link FileSystem#SYSTEM}, which is thread-safe and fast. Passes directory syncs through when
 * the wrapped file system implements {@link DirectorySync}, and a handle's residency question
 * ({@link PositionalRead#isResident}) when the wrapped handle answers it.
 */
public final class SerializedFileSystem extends ForwardingFileSystem implements DirectorySync {
    private final FileSystem target;
    private final Object lock = new Object();

    private SerializedFileSystem(FileSystem target) {
        super(target);
        this.target = target;
    }

    /** @return {@code fs} itself when it is the system file system, else a serialized view of it */
    public static FileSystem wrap(FileSystem fs) {
        return fs == FileSystem.SYSTEM || fs instanceof SerializedFileSystem ? fs : new SerializedFileSystem(fs);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        if (target instanceof DirectorySync ds) {
            synchronized (lock) {
                ds.syncDirectory(dir);
            }
        }
    }

    @Override
    public Path canonicalize(Path path) throws IOException {
        synchronized (lock) {
            return super.canonicalize(path);
        }
    }

    @Override
    public FileMetadata metadataOrNull(Path path) throws IOException {
        synchronized (lock) {
            return super.metadataOrNull(path);
        }
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        synchronized (lock) {
            return List.copyOf(super.list(dir));
        }
    }

    @Override
    public List<Path> listOrNull(Path dir) {
        synchronized (lock) {
            List<Path> l = super.listOrNull(dir);
            return l == null ? null : List.copyOf(l);
        }
    }

    @Override
    public FileHandle openReadOnly(Path file) throws IOException {
        synchronized (lock) {
            return new Handle(false, super.openReadOnly(file));
        }
    }

    @Override
    public FileHandle openReadWrite(Path file, boolean mustCreate, boolean mustExist) throws IOException {
        synchronized (lock) {
            return new Handle(true, super.openReadWrite(file, mustCreate, mustExist));
        }
    }

    @Override
    public Source source(Path file) throws IOException {
        synchronized (lock) {
            return super.source(file);
        }
    }

    @Override
    public Sink sink(Path file, boolean mustCreate) throws IOException {
        synchronized (lock) {
            return super.sink(file, mustCreate);
        }
    }

    @Override
    public Sink appendingSink(Path file, boolean mustExist) throws IOException {
        synchronized (lock) {
            return super.appendingSink(file, mustExist);
        }
    }

    @Override
    public void createDirectory(Path dir, boolean mustCreate) throws IOException {
        synchronized (lock) {
            super.createDirectory(dir, mustCreate);
        }
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        synchronized (lock) {
            super.atomicMove(source, target);
        }
    }

    @Override
    public void delete(Path path, boolean mustExist) throws IOException {
        synchronized (lock) {
            super.delete(path, mustExist);
        }
    }

    @Override
    public void createSymlink(Path source, Path target) throws IOException {
        synchronized (lock) {
            super.createSymlink(source, target);
        }
    }

    @Override
    public String toString() {
        return "Serialized(" + target + ")";
    }

    /** A handle whose every operation runs under the file system's lock. */
    private final class Handle extends FileHandle implements PositionalRead {
        private final FileHandle delegate;

        Handle(boolean readWrite, FileHandle delegate) {
            super(readWrite);
            this.delegate = delegate;
        }

        @Override
        public int readAt(long fileOffset, byte[] array, int arrayOffset, int byteCount) throws IOException {
            return protectedRead(fileOffset, array, arrayOffset, byteCount);
        }

        /** Passes the question on to a wrapped handle that can answer it. */
        @Override
        public boolean isResident(long fileOffset, int byteCount) {
            synchronized (lock) {
                return delegate instanceof PositionalRead p && p.isResident(fileOffset, byteCount);
            }
        }

        @Override
        protected int protectedRead(long fileOffset, byte[] array, int arrayOffset, int byteCount) throws IOException {
            synchronized (lock) {
                return delegate.read(fileOffset, array, arrayOffset, byteCount);
            }
        }

        @Override
        protected void protectedWrite(long fileOffset, byte[] array, int arrayOffset, int byteCount) throws IOException {
            synchronized (lock) {
                delegate.write(fileOffset, array, arrayOffset, byteCount);
            }
        }

        @Override
        protected void protectedFlush() throws IOException {
            synchronized (lock) {
                delegate.flush();
            }
        }

        @Override
        protected void protectedResize(long size) throws IOException {
            synchronized (lock) {
                delegate.resize(size);
            }
        }

        @Override
        protected long protectedSize() throws IOException {
            synchronized (lock) {
                return delegate.size();
            }
        }

        @Override
        protected void protectedClose() throws IOException {
            synchronized (lock) {
                delegate.close();
            }
        }
    }
}

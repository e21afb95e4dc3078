// Exclusive ownership of a store directory. An in-process registry, keyed by the file system's
// identity and the directory's normalized path, refuses a second open in this JVM on any file
// system (FakeFileSystem included); on FileSystem.SYSTEM a FileChannel lock on dir/LOCK also
// refuses other processes. Thread-safe.
package dev.cairn.lsm.internal.io;

import dev.cairn.lsm.StoreLockedException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okio.FileSystem;
import okio.Path;

/** The lock a store holds on its directory while open; {@link #close()} releases it. */
public final class DirectoryLock implements Closeable {
    private static final Set<Key> HELD = ConcurrentHashMap.newKeySet();

    private final Key key;
    private final FileChannel channel;
    private final FileLock fileLock;
    private boolean released;

    private DirectoryLock(Key key, FileChannel channel, FileLock fileLock) {
        this.key = key;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Takes the lock on {@code dir}, creating {@code dir/LOCK} if needed. The directory must exist.
     *
     * @param fs the store's file system
     * @param dir the store directory
     * @return the held lock
     * @throws StoreLockedException naming {@code dir} if it is already open in this process or,
     *     on the system file system, in another one
     * @throws IOException if the lock file cannot be created
     */
    public static DirectoryLock acquire(FileSystem fs, Path dir) throws IOException {
        Key key = new Key(fs, normalized(fs, dir));
        if (!HELD.add(key)) {
            throw new StoreLockedException("store directory " + dir + " is already open in this process");
        }
        try {
            Path lockPath = dir.resolve(FileNames.LOCK);
            if (fs != FileSystem.SYSTEM) {
                if (!fs.exists(lockPath)) {
                    fs.openReadWrite(lockPath, false, false).close();
                }
                return new DirectoryLock(key, null, null);
            }
            FileChannel channel = FileChannel.open(lockPath.toNioPath(),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw new StoreLockedException("store directory " + dir + " is already open by another process");
            }
            return new DirectoryLock(key, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(key);
            throw e;
        }
    }

    /**
     * Releases the lock. Idempotent.
     *
     * @throws IOException if the lock file cannot be closed (the in-process lock is released anyway)
     */
    @Override
    public synchronized void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        try {
            if (fileLock != null) {
                try {
                    fileLock.release();
                } finally {
                    channel.close();
                }
            }
        } finally {
            HELD.remove(key);
        }
    }

    private static String normalized(FileSystem fs, Path dir) {
        if (fs == FileSystem.SYSTEM) {
            java.nio.file.Path nio = dir.toNioPath().toAbsolutePath().normalize();
            try {
                return nio.toRealPath().toString();
            } catch (IOException e) {
                return nio.toString();
            }
        }
        try {
            return fs.canonicalize(dir).toString();
        } catch (IOException e) {
            return dir.normalized().toString();
        }
    }

    /** A directory on a particular file system instance (compared by identity). */
    private static final class Key {
        private final FileSystem fs;
        private final String path;

        Key(FileSystem fs, String path) {
            this.fs = fs;
            this.path = path;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).fs == fs && ((Key) o).path.equals(path);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(fs) * 31 + path.hashCode();
        }
    }
}

// A view of a file system that can only be read: every operation that would create, change,
// move or delete a file or directory fails with an IOException naming it. A read-only store
// reads through it, so "never changes a byte on disk" is enforced by construction rather than
// by care. Thread-safe if the underlying file system is.
package dev.cairn.lsm.internal.io;

import java.io.IOException;
import okio.FileHandle;
import okio.FileSystem;
import okio.ForwardingFileSystem;
import okio.Path;
import okio.Sink;

/** Refuses every write to the file system it wraps. */
public final class ReadOnlyFileSystem extends ForwardingFileSystem {
    /** @param delegate the file system read through */
    public ReadOnlyFileSystem(FileSystem delegate) {
        super(delegate);
    }

    private static IOException refused(String what, Path path) {
        return new IOException("read-only: refusing to " + what + " " + path);
    }

    @Override
    public FileHandle openReadWrite(Path file, boolean mustCreate, boolean mustExist) throws IOException {
        throw refused("open for writing", file);
    }

    @Override
    public Sink sink(Path file, boolean mustCreate) throws IOException {
        throw refused("write", file);
    }

    @Override
    public Sink appendingSink(Path file, boolean mustExist) throws IOException {
        throw refused("append to", file);
    }

    @Override
    public void createDirectory(Path dir, boolean mustCreate) throws IOException {
        throw refused("create directory", dir);
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        throw refused("move", source);
    }

    @Override
    public void delete(Path path, boolean mustExist) throws IOException {
        throw refused("delete", path);
    }

    @Override
    public void createSymlink(Path source, Path target) throws IOException {
        throw refused("create symlink", source);
    }
}

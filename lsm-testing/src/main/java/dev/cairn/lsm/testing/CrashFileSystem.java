// An in-memory Okio file system that remembers what was made durable and can produce the state a
// power cut would leave. Thread-safe: every operation runs under the instance's monitor, which
// guards every part it delegates to: the names (MemoryTree over MemoryDirectory), the bytes
// (MemoryFile, reached through MemoryFileHandle), the open files (OpenFiles) and the copies
// (TreeCopies). This class is the public face and the lock; the parts hold no lock of their own.
package dev.cairn.lsm.testing;

import dev.cairn.lsm.DirectorySync;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import okio.FileHandle;
import okio.FileMetadata;
import okio.FileSystem;
import okio.Path;
import okio.Sink;
import okio.Source;

/**
 * An in-memory {@link FileSystem} for crash testing: it records what a real disk would have made
 * durable, and {@link #crashClone(Random, double)} returns a new, independent file system holding
 * what a power cut at this moment would leave.
 *
 * <p>What is durable, following POSIX:
 * <ul>
 *   <li>File bytes become durable when {@link FileHandle#flush()} is called on a handle from
 *       {@link #openReadWrite} (an fsync). The sinks of {@link #sink} and {@link #appendingSink}
 *       never sync: their {@code flush()} only hands bytes to the "operating system", as on
 *       {@code FileSystem.SYSTEM}. A sync makes all of a file's bytes durable, whichever handle
 *       or sink wrote them.</li>
 *   <li>A file's name — created, renamed to, or deleted — becomes durable only when
 *       {@link #syncDirectory(Path)} is called on its parent directory. Until then a power cut
 *       removes names created since the last directory sync, reverts renames and brings deleted
 *       names back (with their durable bytes).</li>
 *   <li>Directories themselves are durable as soon as they are created, renamed or deleted (as if
 *       their parent were synced at once): the model is about the files a store writes inside its
 *       directory, not about the directory's own creation.</li>
 * </ul>
 *
 * <p>Reads see every write at once, as they would through the page cache. Handles keep working on a
 * file after it is renamed or deleted (POSIX semantics); deleting an open file is allowed. Relative
 * paths resolve against {@code /}. Symlinks are not supported. Files are limited to about 2 GiB.
 *
 * <p>{@link #checkNoOpenFiles()} reports handles, sources and sinks not closed, with the stack
 * trace of where each was opened.
 */
public final class CrashFileSystem extends FileSystem implements DirectorySync {
    /** Every name and byte of this file system. Guarded by this. */
    private final MemoryTree tree;
    /** Guarded by this. */
    private final OpenFiles openFiles = new OpenFiles();
    /** Guarded by this. */
    private long fileSyncs;
    /** Guarded by this. */
    private long directorySyncs;

    /** Creates an empty file system holding only the root directory {@code /}. */
    public CrashFileSystem() {
        this(new MemoryDirectory(System.currentTimeMillis()));
    }

    private CrashFileSystem(MemoryDirectory root) {
        this.tree = new MemoryTree(root);
    }

    // ---------------------------------------------------------------- crash simulation

    /**
     * Returns the state a power cut at this moment would leave, as a new file system with no open
     * files, every byte and name of which is durable. This file system is not changed.
     *
     * @param random decides, for each file with unsynced bytes, whether a random prefix of the
     *     unsynced change survives and how long it is; pass a seeded instance for replayable tests
     * @param keepUnsyncedProbability the chance, per file, that some unsynced bytes survive
     *     (0 drops every unsynced byte, 1 always keeps a random prefix of them)
     * @return the crashed state
     */
    public synchronized CrashFileSystem crashClone(Random random, double keepUnsyncedProbability) {
        if (random == null) {
            throw new IllegalArgumentException("random must not be null (pass new Random(seed))");
        }
        if (!(keepUnsyncedProbability >= 0 && keepUnsyncedProbability <= 1)) {
            throw new IllegalArgumentException(
                    "keepUnsyncedProbability must be between 0 and 1, was " + keepUnsyncedProbability);
        }
        return new CrashFileSystem(TreeCopies.crashed(tree.root, random, keepUnsyncedProbability));
    }

    /**
     * Returns the state a power cut would leave if no unsynced byte reached the disk.
     *
     * @return the crashed state
     */
    public CrashFileSystem crashClone() {
        return crashClone(new Random(0), 0.0);
    }

    /**
     * Returns a new, independent file system holding the current state exactly as reads see it,
     * every byte and name of it durable: a fork, not a crash. Use it to branch a test (damage a
     * copy, try two continuations) without the losses of {@link #crashClone}.
     *
     * @return the copy
     */
    public synchronized CrashFileSystem liveCopy() {
        return new CrashFileSystem(TreeCopies.live(tree.root));
    }

    /**
     * Makes the entries of {@code dir} durable: names created, renamed or deleted in it since its
     * last sync now survive a power cut. File bytes are not synced by this.
     *
     * @param dir a directory
     * @throws IOException if {@code dir} is not a directory
     */
    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        tree.directory(dir).sync();
        directorySyncs++;
    }

    /** @return how many file syncs ({@code FileHandle.flush()}) were made */
    public synchronized long fileSyncCount() {
        return fileSyncs;
    }

    /** @return how many directory syncs were made */
    public synchronized long directorySyncCount() {
        return directorySyncs;
    }

    /**
     * @return the files whose bytes differ from their durable bytes, and the directories whose
     *     entries differ from their durable entries; empty when a power cut would lose nothing
     */
    public synchronized List<Path> unsyncedPaths() {
        List<Path> out = new ArrayList<>();
        TreeCopies.collectUnsynced(MemoryTree.ROOT, tree.root, out);
        return out;
    }

    // ---------------------------------------------------------------- open files

    /** @return the paths (as opened) of handles, sources and sinks not yet closed */
    public synchronized List<Path> openPaths() {
        return openFiles.paths();
    }

    /**
     * @throws IllegalStateException naming an open file, with where it was opened as the cause,
     *     if any handle, source or sink is still open
     */
    public synchronized void checkNoOpenFiles() {
        openFiles.checkNone();
    }

    private synchronized Object register(Path path) {
        return openFiles.add(path);
    }

    synchronized void unregister(Object registration) {
        openFiles.remove(registration);
    }

    // ---------------------------------------------------------------- byte access for handles

    synchronized int read(MemoryFile file, long offset, byte[] target, int targetOffset, int count) {
        return file.read(offset, target, targetOffset, count);
    }

    synchronized void write(MemoryFile file, long offset, byte[] source, int sourceOffset, int count)
            throws IOException {
        file.write(offset, source, sourceOffset, count, System.currentTimeMillis());
    }

    synchronized void resize(MemoryFile file, long size) throws IOException {
        file.resize(size, System.currentTimeMillis());
    }

    synchronized long size(MemoryFile file) {
        return file.size();
    }

    synchronized void syncFile(MemoryFile file) {
        file.sync();
        fileSyncs++;
    }

    // ---------------------------------------------------------------- FileSystem

    @Override
    public synchronized Path canonicalize(Path path) throws IOException {
        Path absolute = MemoryTree.absolute(path);
        if (tree.lookup(absolute) == null) {
            throw new FileNotFoundException("no such file: " + path);
        }
        return absolute;
    }

    @Override
    public synchronized FileMetadata metadataOrNull(Path path) {
        Object node = tree.lookup(path);
        if (node instanceof MemoryFile f) {
            return new FileMetadata(true, false, null, (long) f.size(), f.createdAtMillis(),
                    f.lastModifiedAtMillis(), null, Collections.emptyMap());
        }
        if (node instanceof MemoryDirectory d) {
            return new FileMetadata(false, true, null, null, d.createdAtMillis, d.createdAtMillis, null,
                    Collections.emptyMap());
        }
        return null;
    }

    @Override
    public synchronized List<Path> list(Path dir) throws IOException {
        List<Path> out = listOrNull(dir);
        if (out == null) {
            throw new FileNotFoundException("not a directory: " + dir);
        }
        return out;
    }

    @Override
    public synchronized List<Path> listOrNull(Path dir) {
        if (!(tree.lookup(dir) instanceof MemoryDirectory d)) {
            return null;
        }
        List<Path> out = new ArrayList<>(d.live.size());
        for (String name : d.live.keySet()) {
            out.add(dir.resolve(name));
        }
        return out;
    }

    @Override
    public synchronized FileHandle openReadOnly(Path path) throws IOException {
        return new MemoryFileHandle(this, tree.existingFile(path), false, true, register(path));
    }

    @Override
    public synchronized FileHandle openReadWrite(Path path, boolean mustCreate, boolean mustExist)
            throws IOException {
        if (mustCreate && mustExist) {
            throw new IllegalArgumentException("Cannot require mustCreate and mustExist at the same time.");
        }
        MemoryFile file = tree.openOrCreate(path, mustCreate, mustExist);
        return new MemoryFileHandle(this, file, true, true, register(path));
    }

    @Override
    public synchronized Source source(Path path) throws IOException {
        return stream(tree.existingFile(path), false, path, handle -> handle.source(0));
    }

    @Override
    public synchronized Sink sink(Path path, boolean mustCreate) throws IOException {
        MemoryFile file = tree.openOrCreate(path, mustCreate, false);
        file.resize(0, System.currentTimeMillis());
        return stream(file, true, path, handle -> handle.sink(0));
    }

    @Override
    public synchronized Sink appendingSink(Path path, boolean mustExist) throws IOException {
        return stream(tree.openOrCreate(path, false, mustExist), true, path, FileHandle::appendingSink);
    }

    /** Opens a stream on a handle whose flush never syncs, as a real sink's or source's does. */
    private interface StreamOpener<T> {
        T open(FileHandle handle) throws IOException;
    }

    /**
     * Opens {@code opener}'s stream on a new non-syncing handle of {@code file}, then closes the
     * handle: Okio keeps it usable (and registered as open) until the stream is closed.
     */
    private <T> T stream(MemoryFile file, boolean readWrite, Path path, StreamOpener<T> opener) throws IOException {
        FileHandle handle = new MemoryFileHandle(this, file, readWrite, false, register(path));
        T stream = opener.open(handle);
        handle.close(); // the handle stays usable until the stream is closed
        return stream;
    }

    @Override
    public synchronized void createDirectory(Path dir, boolean mustCreate) throws IOException {
        tree.createDirectory(dir, mustCreate);
    }

    @Override
    public synchronized void atomicMove(Path source, Path target) throws IOException {
        tree.atomicMove(source, target);
    }

    @Override
    public synchronized void delete(Path path, boolean mustExist) throws IOException {
        tree.delete(path, mustExist);
    }

    /**
     * Not supported.
     *
     * @throws IOException always
     */
    @Override
    public void createSymlink(Path source, Path target) throws IOException {
        throw new IOException("CrashFileSystem does not support symlinks");
    }

    @Override
    public String toString() {
        return "CrashFileSystem";
    }
}

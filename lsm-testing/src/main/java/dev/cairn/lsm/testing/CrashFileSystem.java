// An in-memory Okio file system that remembers what was made durable and can produce the state a
// power cut would leave. Thread-safe: every operation runs under the instance's monitor.
package dev.cairn.lsm.testing;

import dev.cairn.lsm.DirectorySync;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private static final Path ROOT = Path.get("/");

    private final MemoryDirectory root;
    private final Map<Object, OpenFile> openFiles = new LinkedHashMap<>();
    private long fileSyncs;
    private long directorySyncs;

    /** Creates an empty file system holding only the root directory {@code /}. */
    public CrashFileSystem() {
        this(new MemoryDirectory(System.currentTimeMillis()));
    }

    private CrashFileSystem(MemoryDirectory root) {
        this.root = root;
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
        long now = System.currentTimeMillis();
        IdentityHashMap<MemoryFile, MemoryFile> copies = new IdentityHashMap<>();
        return new CrashFileSystem(cloneDurable(root, random, keepUnsyncedProbability, now, copies));
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
        return new CrashFileSystem(cloneLive(root, System.currentTimeMillis(), new IdentityHashMap<>()));
    }

    private MemoryDirectory cloneLive(MemoryDirectory source, long now, IdentityHashMap<MemoryFile, MemoryFile> copies) {
        MemoryDirectory copy = new MemoryDirectory(source.createdAtMillis);
        for (Map.Entry<String, Object> e : source.live.entrySet()) {
            if (e.getValue() instanceof MemoryDirectory child) {
                copy.addDirectory(e.getKey(), cloneLive(child, now, copies));
            } else {
                MemoryFile file = (MemoryFile) e.getValue();
                MemoryFile copied = copies.computeIfAbsent(file, f -> new MemoryFile(f.snapshot(), now));
                copy.live.put(e.getKey(), copied);
                copy.durable.put(e.getKey(), copied);
            }
        }
        return copy;
    }

    private MemoryDirectory cloneDurable(MemoryDirectory source, Random random, double keep, long now,
            IdentityHashMap<MemoryFile, MemoryFile> copies) {
        MemoryDirectory copy = new MemoryDirectory(source.createdAtMillis);
        for (Map.Entry<String, Object> e : source.durable.entrySet()) {
            if (e.getValue() instanceof MemoryDirectory child) {
                copy.addDirectory(e.getKey(), cloneDurable(child, random, keep, now, copies));
            } else {
                MemoryFile file = (MemoryFile) e.getValue();
                MemoryFile crashed = copies.get(file);
                if (crashed == null) {
                    crashed = new MemoryFile(file.crashImage(random, keep), now);
                    copies.put(file, crashed);
                }
                copy.live.put(e.getKey(), crashed);
                copy.durable.put(e.getKey(), crashed);
            }
        }
        return copy;
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
        directory(dir).sync();
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
        collectUnsynced(ROOT, root, out);
        return out;
    }

    private static void collectUnsynced(Path path, MemoryDirectory dir, List<Path> out) {
        if (dir.hasUnsyncedEntries()) {
            out.add(path);
        }
        for (Map.Entry<String, Object> e : dir.live.entrySet()) {
            Path child = path.resolve(e.getKey());
            if (e.getValue() instanceof MemoryDirectory d) {
                collectUnsynced(child, d, out);
            } else if (((MemoryFile) e.getValue()).hasUnsyncedBytes()) {
                out.add(child);
            }
        }
    }

    // ---------------------------------------------------------------- open files

    /** @return the paths (as opened) of handles, sources and sinks not yet closed */
    public synchronized List<Path> openPaths() {
        List<Path> out = new ArrayList<>();
        for (OpenFile f : openFiles.values()) {
            out.add(f.path);
        }
        return out;
    }

    /**
     * @throws IllegalStateException naming an open file, with where it was opened as the cause,
     *     if any handle, source or sink is still open
     */
    public synchronized void checkNoOpenFiles() {
        if (openFiles.isEmpty()) {
            return;
        }
        OpenFile first = openFiles.values().iterator().next();
        throw new IllegalStateException(openFiles.size() + " open file(s): " + openPaths()
                + "; the first was opened at the cause", first.openedAt);
    }

    private record OpenFile(Path path, Throwable openedAt) {
    }

    private synchronized Object register(Path path) {
        Object registration = new Object();
        openFiles.put(registration, new OpenFile(path, new Throwable("opened " + path + " here")));
        return registration;
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
        Path absolute = absolute(path);
        if (lookup(absolute) == null) {
            throw new FileNotFoundException("no such file: " + path);
        }
        return absolute;
    }

    @Override
    public synchronized FileMetadata metadataOrNull(Path path) {
        Object node = lookup(absolute(path));
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
        if (!(lookup(absolute(dir)) instanceof MemoryDirectory d)) {
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
        return new MemoryFileHandle(this, existingFile(path), false, true, register(path));
    }

    @Override
    public synchronized FileHandle openReadWrite(Path path, boolean mustCreate, boolean mustExist)
            throws IOException {
        if (mustCreate && mustExist) {
            throw new IllegalArgumentException("Cannot require mustCreate and mustExist at the same time.");
        }
        MemoryFile file = openOrCreate(path, mustCreate, mustExist);
        return new MemoryFileHandle(this, file, true, true, register(path));
    }

    @Override
    public synchronized Source source(Path path) throws IOException {
        FileHandle handle = new MemoryFileHandle(this, existingFile(path), false, false, register(path));
        Source source = handle.source(0);
        handle.close(); // the handle stays usable until the source is closed
        return source;
    }

    @Override
    public synchronized Sink sink(Path path, boolean mustCreate) throws IOException {
        MemoryFile file = openOrCreate(path, mustCreate, false);
        file.resize(0, System.currentTimeMillis());
        FileHandle handle = new MemoryFileHandle(this, file, true, false, register(path));
        Sink sink = handle.sink(0);
        handle.close(); // the handle stays usable until the sink is closed
        return sink;
    }

    @Override
    public synchronized Sink appendingSink(Path path, boolean mustExist) throws IOException {
        MemoryFile file = openOrCreate(path, false, mustExist);
        FileHandle handle = new MemoryFileHandle(this, file, true, false, register(path));
        Sink sink = handle.appendingSink();
        handle.close(); // the handle stays usable until the sink is closed
        return sink;
    }

    @Override
    public synchronized void createDirectory(Path dir, boolean mustCreate) throws IOException {
        Path absolute = absolute(dir);
        if (absolute.equals(ROOT)) {
            if (mustCreate) {
                throw new IOException("already exists: " + dir);
            }
            return;
        }
        MemoryDirectory parent = parentDirectory(absolute);
        Object existing = parent.live.get(absolute.name());
        if (existing != null) {
            if (mustCreate || existing instanceof MemoryFile) {
                throw new IOException("already exists: " + dir);
            }
            return;
        }
        parent.addDirectory(absolute.name(), new MemoryDirectory(System.currentTimeMillis()));
    }

    @Override
    public synchronized void atomicMove(Path source, Path target) throws IOException {
        Path from = absolute(source);
        Path to = absolute(target);
        if (from.equals(ROOT) || to.equals(ROOT)) {
            throw new IOException("cannot move the root directory");
        }
        MemoryDirectory fromParent = parentDirectory(from);
        Object node = fromParent.live.get(from.name());
        if (node == null) {
            throw new FileNotFoundException("no such file: " + source);
        }
        MemoryDirectory toParent = parentDirectory(to);
        if (from.equals(to)) {
            return;
        }
        Object replaced = toParent.live.get(to.name());
        if (node instanceof MemoryDirectory dir) {
            if (replaced instanceof MemoryFile) {
                throw new IOException("cannot replace a file with a directory: " + target);
            }
            if (replaced instanceof MemoryDirectory r && !r.live.isEmpty()) {
                throw new IOException("directory not empty: " + target);
            }
            if (isWithin(to, from)) {
                throw new IOException("cannot move a directory into itself: " + source + " -> " + target);
            }
            fromParent.removeDirectory(from.name());
            toParent.addDirectory(to.name(), dir);
            return;
        }
        if (replaced instanceof MemoryDirectory) {
            throw new IOException("cannot replace a directory with a file: " + target);
        }
        fromParent.live.remove(from.name());
        toParent.live.put(to.name(), node);
    }

    @Override
    public synchronized void delete(Path path, boolean mustExist) throws IOException {
        Path absolute = absolute(path);
        if (absolute.equals(ROOT)) {
            throw new IOException("cannot delete the root directory");
        }
        MemoryDirectory parent = parentDirectoryOrNull(absolute);
        Object node = parent == null ? null : parent.live.get(absolute.name());
        if (node == null) {
            if (mustExist) {
                throw new FileNotFoundException("no such file: " + path);
            }
            return;
        }
        if (node instanceof MemoryDirectory dir) {
            if (!dir.live.isEmpty()) {
                throw new IOException("directory not empty: " + path);
            }
            parent.removeDirectory(absolute.name());
        } else {
            parent.live.remove(absolute.name());
        }
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

    // ---------------------------------------------------------------- lookups

    private static Path absolute(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        return (path.isAbsolute() ? path : ROOT.resolve(path)).normalized();
    }

    private static boolean isWithin(Path candidate, Path ancestor) {
        for (Path p = candidate; p != null; p = p.parent()) {
            if (p.equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    private Object lookup(Path absolute) {
        Object node = root;
        for (String segment : absolute.getSegments()) {
            if (!(node instanceof MemoryDirectory d)) {
                return null;
            }
            node = d.live.get(segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private MemoryDirectory parentDirectoryOrNull(Path absolute) {
        Path parent = absolute.parent();
        return parent != null && lookup(parent) instanceof MemoryDirectory d ? d : null;
    }

    private MemoryDirectory parentDirectory(Path absolute) throws IOException {
        MemoryDirectory parent = parentDirectoryOrNull(absolute);
        if (parent == null) {
            throw new FileNotFoundException("parent directory does not exist: " + absolute.parent());
        }
        return parent;
    }

    private MemoryDirectory directory(Path path) throws IOException {
        Object node = lookup(absolute(path));
        if (node instanceof MemoryDirectory d) {
            return d;
        }
        throw node == null ? new FileNotFoundException("no such directory: " + path)
                : new IOException("not a directory: " + path);
    }

    private MemoryFile existingFile(Path path) throws IOException {
        Object node = lookup(absolute(path));
        if (node instanceof MemoryFile f) {
            return f;
        }
        throw node == null ? new FileNotFoundException("no such file: " + path)
                : new IOException("is a directory: " + path);
    }

    private MemoryFile openOrCreate(Path path, boolean mustCreate, boolean mustExist) throws IOException {
        Path absolute = absolute(path);
        MemoryDirectory parent = parentDirectory(absolute);
        Object node = parent.live.get(absolute.name());
        if (node instanceof MemoryDirectory) {
            throw new IOException("is a directory: " + path);
        }
        if (node != null) {
            if (mustCreate) {
                throw new IOException("already exists: " + path);
            }
            return (MemoryFile) node;
        }
        if (mustExist) {
            throw new FileNotFoundException("no such file: " + path);
        }
        MemoryFile created = new MemoryFile(System.currentTimeMillis());
        parent.live.put(absolute.name(), created);
        return created;
    }
}

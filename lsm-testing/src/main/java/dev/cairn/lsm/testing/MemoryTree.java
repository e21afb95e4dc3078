// The names of a CrashFileSystem: paths resolved to directories and files, and the namespace
// changes (create, move, delete) with the checks a POSIX file system makes, each failure an
// IOException naming the path. Name changes touch only the live entries; MemoryDirectory makes
// them durable at a directory sync. Not thread-safe: the owning CrashFileSystem calls it only
// while holding its own monitor.
package dev.cairn.lsm.testing;

import java.io.FileNotFoundException;
import java.io.IOException;
import okio.Path;

/** A directory tree rooted at {@code /}; relative paths resolve against the root. */
final class MemoryTree {
    static final Path ROOT = Path.get("/");

    final MemoryDirectory root;

    MemoryTree(MemoryDirectory root) {
        this.root = root;
    }

    /** @return {@code path} made absolute (against {@code /}) and normalized */
    static Path absolute(Path path) {
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

    /** @return the {@link MemoryFile} or {@link MemoryDirectory} at {@code path}, or null */
    Object lookup(Path path) {
        Object node = root;
        for (String segment : absolute(path).getSegments()) {
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

    /** @return the directory at {@code path} */
    MemoryDirectory directory(Path path) throws IOException {
        return node(path, MemoryDirectory.class, "no such directory: ", "not a directory: ");
    }

    /** @return the file at {@code path} */
    MemoryFile existingFile(Path path) throws IOException {
        return node(path, MemoryFile.class, "no such file: ", "is a directory: ");
    }

    /** @return the node of {@code type} at {@code path}; else the error that its absence or kind calls for */
    private <T> T node(Path path, Class<T> type, String absent, String otherKind) throws IOException {
        Object node = lookup(path);
        if (type.isInstance(node)) {
            return type.cast(node);
        }
        throw node == null ? new FileNotFoundException(absent + path) : new IOException(otherKind + path);
    }

    /** @return the file at {@code path}, created empty when absent (unless {@code mustExist}) */
    MemoryFile openOrCreate(Path path, boolean mustCreate, boolean mustExist) throws IOException {
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

    /** Creates the directory {@code dir} (durable at once); its parent must exist. */
    void createDirectory(Path dir, boolean mustCreate) throws IOException {
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

    /** Renames {@code source} to {@code target}, replacing a file or an empty directory there. */
    void atomicMove(Path source, Path target) throws IOException {
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

    /** Removes the file or empty directory at {@code path}. */
    void delete(Path path, boolean mustExist) throws IOException {
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
}

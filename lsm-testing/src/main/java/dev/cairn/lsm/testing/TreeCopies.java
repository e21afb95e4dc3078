// Copies of a CrashFileSystem's directory tree: the state a power cut would leave (durable names,
// each file cut back to its crash image) and a fork of the state reads see now. A file reached
// under several names is copied once, so hard-link-like sharing survives the copy. Also lists
// what a power cut would lose. Not thread-safe: the owning CrashFileSystem calls it only while
// holding its own monitor.
package dev.cairn.lsm.testing;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import okio.Path;

/** Static copiers over {@link MemoryDirectory} trees; every copy is wholly durable. */
final class TreeCopies {
    private TreeCopies() {
    }

    /**
     * @param keep the chance, per file with unsynced bytes, that a random prefix of them survives
     * @return the tree a power cut would leave: the durable names, each file as {@link MemoryFile#crashImage}
     */
    static MemoryDirectory crashed(MemoryDirectory root, Random random, double keep) {
        long now = System.currentTimeMillis();
        return copy(root, true, file -> new MemoryFile(file.crashImage(random, keep), now), new IdentityHashMap<>());
    }

    /** @return the tree exactly as reads see it now */
    static MemoryDirectory live(MemoryDirectory root) {
        long now = System.currentTimeMillis();
        return copy(root, false, file -> new MemoryFile(file.snapshot(), now), new IdentityHashMap<>());
    }

    /**
     * Copies the durable (a crash) or live (a fork) entries of {@code source}, each file through
     * {@code copyFile} once however many names it has; every name of the copy is durable.
     */
    private static MemoryDirectory copy(MemoryDirectory source, boolean durableOnly,
            Function<MemoryFile, MemoryFile> copyFile, IdentityHashMap<MemoryFile, MemoryFile> copies) {
        MemoryDirectory copy = new MemoryDirectory(source.createdAtMillis);
        for (Map.Entry<String, Object> e : (durableOnly ? source.durable : source.live).entrySet()) {
            if (e.getValue() instanceof MemoryDirectory child) {
                copy.addDirectory(e.getKey(), copy(child, durableOnly, copyFile, copies));
            } else {
                MemoryFile copied = copies.computeIfAbsent((MemoryFile) e.getValue(), copyFile);
                copy.live.put(e.getKey(), copied);
                copy.durable.put(e.getKey(), copied);
            }
        }
        return copy;
    }

    /** Adds to {@code out} the files with unsynced bytes and directories with unsynced entries. */
    static void collectUnsynced(Path path, MemoryDirectory dir, List<Path> out) {
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
}

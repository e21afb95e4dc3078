// One directory of a CrashFileSystem: the entries visible now and the entries a power cut would
// leave (those present at the last directory sync). Not thread-safe: the owning
// CrashFileSystem calls it only while holding its own monitor.
package dev.cairn.lsm.testing;

import java.util.Map;
import java.util.TreeMap;

/**
 * A directory's live and durable entries. Each entry is a {@link MemoryFile} or a
 * {@link MemoryDirectory}. File names enter or leave {@link #durable} only at {@link #sync()};
 * subdirectories are durable as soon as they are created or removed (see
 * {@link CrashFileSystem}).
 */
final class MemoryDirectory {
    /** Entries visible to lookups, by name, in name order. */
    final TreeMap<String, Object> live = new TreeMap<>();
    /** Entries that would survive a power cut, by name. */
    final TreeMap<String, Object> durable = new TreeMap<>();
    final long createdAtMillis;

    MemoryDirectory(long nowMillis) {
        createdAtMillis = nowMillis;
    }

    /** Makes the live entries durable, as an fsync of the directory would. */
    void sync() {
        durable.clear();
        durable.putAll(live);
    }

    /** Adds a subdirectory, durable at once. */
    void addDirectory(String name, MemoryDirectory child) {
        live.put(name, child);
        durable.put(name, child);
    }

    /** Removes a subdirectory, durably at once. */
    void removeDirectory(String name) {
        live.remove(name);
        durable.remove(name);
    }

    /** @return whether any name differs between the live and durable entries */
    boolean hasUnsyncedEntries() {
        if (live.size() != durable.size()) {
            return true;
        }
        for (Map.Entry<String, Object> e : live.entrySet()) {
            if (durable.get(e.getKey()) != e.getValue()) {
                return true;
            }
        }
        return false;
    }
}

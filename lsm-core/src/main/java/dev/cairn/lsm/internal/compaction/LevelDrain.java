// Converges a store that was leveled into the single level 0 of size-tiered and time-window
// stores, from the shallowest sorted level first. Stateless; thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.Version;
import java.util.List;
import java.util.Set;

/**
 * Converges a store that was leveled before into the single level 0 that size-tiered and
 * time-window stores use, one table at a time.
 *
 * <p>Why only from the shallowest non-empty sorted level: reads stop at the first sorted level
 * holding a key, trusting that shallower levels hold newer data. A table of the shallowest sorted
 * level L holds data older than all of level 0 and newer than everything below L; moved into
 * level 0 (where reads take the highest sequence among all tables) it still wins over the deeper
 * levels and loses to newer level-0 tables, so every read answers as before. A table deeper than
 * L could be shadowed by level L for some key and must wait its turn. Its tables never overlap
 * each other, so several can move side by side. Stateless; thread-safe.
 */
final class LevelDrain {
    private LevelDrain() {
    }

    /**
     * @param v the version
     * @param busy tables being compacted
     * @return a one-table compaction from the shallowest non-empty sorted level into level 0,
     *     or null when levels 1 and up are empty (or their next tables are all busy)
     */
    static Compaction find(Version v, Set<Long> busy) {
        for (int level = 1; level < Version.NUM_LEVELS; level++) {
            List<FileMetadata> files = v.files(level);
            if (files.isEmpty()) {
                continue;
            }
            for (FileMetadata f : files) {
                if (!busy.contains(f.number())) {
                    return new Compaction(List.of(f), List.of(level), 0, Long.MAX_VALUE,
                            "converge level " + level + " into level 0", List.of());
                }
            }
            return null;
        }
        return null;
    }

    /** @return bytes still in sorted levels */
    static long pendingBytes(Version v) {
        long n = 0;
        for (int level = 1; level < Version.NUM_LEVELS; level++) {
            n += v.levelBytes(level);
        }
        return n;
    }
}

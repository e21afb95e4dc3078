// What compaction pickers remember between picks, kept here so that the pickers themselves hold
// no state: the round-robin key of each sorted level (LevelDB's compact_pointer_: a level's next
// leveled compaction starts at the first table past it), and when a tombstone compaction last
// rewrote a table of a given shape (so a rewrite that changed nothing is not repeated forever).
// One per VersionSet: the version side owns it, as LevelDB's VersionSet owns compact_pointer_.
// Kept in memory only (LevelDB writes the pointers to the manifest): after a reopen each level's
// round-robin starts again at its first table and every table may be tried once more, which costs
// at most one redundant rewrite per table and never correctness.
//
// Locking: guarded by its own monitor. Picks run under the store lock, one at a time, but stats()
// looks at the rewrite history from any thread when it estimates pending work.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.internal.manifest.FileMetadata;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** The pickers' memory of past picks: per-level round-robin keys and recent single-table rewrites. */
public final class PickerMemory {
    /** How many rewritten shapes are remembered; the oldest are forgotten first. */
    static final int REMEMBERED_REWRITES = 1024;

    /** A table as a rewrite sees it: two tables of the same shape would be rewritten alike. */
    private record Shape(int level, ByteBuffer smallest, ByteBuffer largest, long entries,
                         long pointTombstones, long rangeTombstones) {
        static Shape of(int level, FileMetadata f) {
            return new Shape(level, ByteBuffer.wrap(f.smallest()), ByteBuffer.wrap(f.largest()), f.entries(),
                    f.pointTombstones(), f.rangeTombstones());
        }
    }

    /** Guarded by this memory's monitor: per level, the largest user key of the table last picked. */
    private final byte[][] roundRobin = new byte[Version.NUM_LEVELS][];
    /** Guarded by this memory's monitor: when a table of each shape was last chosen for a rewrite. */
    private final Map<Shape, Long> rewrites = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Shape, Long> eldest) {
            return size() > REMEMBERED_REWRITES;
        }
    };

    /** Creates an empty memory (a fresh store, or a reopen). */
    public PickerMemory() {
    }

    /**
     * @param level a sorted level
     * @return the largest user key of the table a leveled compaction last took from it, or null
     */
    public synchronized byte[] roundRobinKey(int level) {
        return roundRobin[level];
    }

    /**
     * Records that a leveled compaction took the table ending at {@code userKey} from {@code level}.
     *
     * @param level a sorted level
     * @param userKey the table's largest user key
     */
    public synchronized void setRoundRobinKey(int level, byte[] userKey) {
        roundRobin[level] = userKey;
    }

    /**
     * @param level the table's level
     * @param f the table
     * @return epoch millis when a table of this shape in this level was last chosen for a rewrite,
     *     or null when none is remembered
     */
    public synchronized Long lastRewrite(int level, FileMetadata f) {
        return rewrites.get(Shape.of(level, f));
    }

    /**
     * Records that {@code f}, in {@code level}, is chosen for a rewrite at {@code now}.
     *
     * @param level the table's level
     * @param f the table
     * @param now the clock's epoch millis
     */
    public synchronized void rewriting(int level, FileMetadata f, long now) {
        rewrites.put(Shape.of(level, f), now);
    }
}

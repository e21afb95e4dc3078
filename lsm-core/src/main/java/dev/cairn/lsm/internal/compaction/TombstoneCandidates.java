// Chooses a table for a tombstone compaction under every strategy, and keeps a futile rewrite from
// repeating through the version side's PickerMemory. Stateless; thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.CompactionStrategy;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.PickerMemory;
import dev.cairn.lsm.internal.version.Version;
import java.util.Set;

/**
 * Chooses a table for a tombstone compaction, under every strategy: one table whose
 * {@code (point + range tombstones) / entries} passes {@code tombstoneRatio} and whose age
 * ({@code now - creationTime}) passes {@code tombstoneInterval} is rewritten alone, in its own
 * level, so {@link Retention} can drop the tombstones nothing older needs.
 *
 * <p>A rewrite can be futile (a snapshot or older data still needs every tombstone) and would
 * then produce a table that looks exactly like its input. To keep such a table from being
 * rewritten forever, each chosen table's shape (level, key range, counts) is remembered with the
 * time it was chosen ({@link PickerMemory#rewriting}), and a table of the same shape is not chosen
 * again until {@code max(tombstoneInterval, RETRY_AFTER_MILLIS)} has passed. Stateless (the memory
 * is the version side's); thread-safe.
 */
final class TombstoneCandidates {
    /** Shortest wait before a table of a remembered shape is tried again. */
    static final long RETRY_AFTER_MILLIS = 10 * 60 * 1000L;

    private final double ratio;
    private final long intervalMillis;
    private final long retryMillis;

    TombstoneCandidates(CompactionStrategy strategy) {
        this.ratio = strategy.tombstoneRatio();
        this.intervalMillis = strategy.tombstoneInterval().toMillis();
        this.retryMillis = Math.max(intervalMillis, RETRY_AFTER_MILLIS);
    }

    /** @return whether {@code f}'s tombstone ratio and age pass the thresholds */
    boolean qualifies(FileMetadata f, long now) {
        long tombs = f.pointTombstones() + f.rangeTombstones();
        if (tombs == 0) {
            return false;
        }
        double r = f.entries() == 0 ? Double.POSITIVE_INFINITY : (double) tombs / f.entries();
        return r >= ratio && now - f.creationTime() >= intervalMillis;
    }

    /**
     * @param v the version
     * @param memory the tables tried before; a real pick (under the store lock) records its choice
     * @param busy tables being compacted
     * @param now the clock's epoch millis
     * @param choose true to remember the table as tried (a real pick), false to only look
     * @return the work, or null
     */
    Compaction find(Version v, PickerMemory memory, Set<Long> busy, long now, boolean choose, long targetFileSize) {
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
            for (FileMetadata f : v.files(level)) {
                if (busy.contains(f.number()) || !qualifies(f, now)) {
                    continue;
                }
                Long at = memory.lastRewrite(level, f);
                if (at != null && now - at < retryMillis && now >= at) {
                    continue;
                }
                if (choose) {
                    memory.rewriting(level, f, now);
                }
                return Compaction.withinLevel(java.util.List.of(f), level, targetFileSize, "tombstones");
            }
        }
        return null;
    }
}

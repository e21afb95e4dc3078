package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.version.Version;
import java.util.Set;

/**
 * Chooses compaction work for one strategy. Pickers are stateless apart from their parameters
 * and are called under the engine's lock, so they must be quick and must not do I/O.
 */
public interface CompactionPicker {
    /**
     * @param v the current version
     * @param busy numbers of tables already being compacted (must not be chosen again)
     * @param now the clock's current epoch millis
     * @return the most urgent work, or null when the shape is healthy
     */
    Compaction pick(Version v, Set<Long> busy, long now);

    /**
     * Work for a manual {@code compactRange}: every table meeting {@code [from, to]} (null =
     * open), expanded so the result keeps the strategy's invariants.
     *
     * @param v the current version
     * @param from first user key or null
     * @param to last user key or null
     * @return the work, or null when no table meets the range
     */
    Compaction manual(Version v, byte[] from, byte[] to);

    /**
     * @return whether the strategy compacts a table that reads keep looking past
     *     ({@link dev.cairn.lsm.internal.version.SeekBudget}), so reads should charge it
     */
    default boolean compactsBySeeks() {
        return false;
    }

    /** @return how many level-0 tables slow writers down */
    int slowdownTables();

    /** @return how many level-0 tables stop writers until compaction catches up */
    int stopTables();

    /**
     * @param v the current version
     * @return an estimate of the bytes compaction still has to rewrite to reach a healthy shape
     */
    long pendingBytes(Version v);
}

// The compaction strategy contract: choose work for a version, and say how far behind the store
// is. Pickers are stateless (their memory is the version side's PickerMemory); picks run under the
// store lock, the rest from any thread; none may block or do I/O.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.version.PickerMemory;
import dev.cairn.lsm.internal.version.Version;
import java.util.Set;

/**
 * Chooses compaction work for one strategy. Pickers are stateless apart from their parameters:
 * what a pick must remember for the next (a level's round-robin position, the tables a tombstone
 * compaction tried) is written to the {@link PickerMemory} it is handed, which the version side
 * owns. {@link #pick} and {@link #manual} run under the store lock, one at a time; the other
 * methods may be called from any thread. None of them may block or do I/O.
 */
public interface CompactionPicker {
    /**
     * @param v the current version
     * @param memory what earlier picks remembered; this pick updates it
     * @param busy numbers of tables already being compacted (must not be chosen again)
     * @param now the clock's current epoch millis
     * @return the most urgent work, or null when the shape is healthy
     */
    Compaction pick(Version v, PickerMemory memory, Set<Long> busy, long now);

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
     * @param memory what earlier picks remembered (read only)
     * @return an estimate of the bytes compaction still has to rewrite to reach a healthy shape
     */
    long pendingBytes(Version v, PickerMemory memory);
}

// Notices of background events (flushes, compactions, stalls, background errors, WAL damage).
// Called on background threads or the writer's thread; listeners must be quick and thread-safe.
package dev.cairn.lsm;

/**
 * Receives notice of background events. Every method has an empty default, so a listener
 * overrides only what it needs. Methods are called on background threads (or the writer's thread
 * for stalls); they must be quick and must not call back into the store's write path.
 * An exception thrown by a listener is ignored.
 */
public interface EventListener {
    /** A listener that ignores everything. */
    EventListener NONE = new EventListener() { };

    /**
     * A flush started.
     *
     * @param info what is being flushed
     */
    default void onFlushBegin(FlushInfo info) { }

    /**
     * A flush finished and its table is live.
     *
     * @param info what was written
     */
    default void onFlushEnd(FlushInfo info) { }

    /**
     * A compaction started.
     *
     * @param info its inputs
     */
    default void onCompactionBegin(CompactionInfo info) { }

    /**
     * A compaction finished and its outputs are live.
     *
     * @param info its inputs, outputs and cost
     */
    default void onCompactionEnd(CompactionInfo info) { }

    /**
     * Writers began to be slowed or stopped because background work fell behind.
     *
     * @param reason which threshold was passed
     */
    default void onStallBegin(String reason) { }

    /**
     * Writers are no longer slowed or stopped.
     *
     * @param stallNanos how long the stall lasted
     */
    default void onStallEnd(long stallNanos) { }

    /**
     * Background work failed; writes are refused until {@link LsmStore#resume()}.
     *
     * @param error the failure
     */
    default void onBackgroundError(Throwable error) { }

    /**
     * Recovery skipped a damaged WAL record (only under
     * {@link WalRecoveryMode#SKIP_ANY_CORRUPTED_RECORDS}).
     *
     * @param file the log file
     * @param offset where the damage begins
     * @param bytes how many bytes were dropped
     * @param reason what was wrong
     */
    default void onWalCorruption(String file, long offset, long bytes, String reason) { }

    /**
     * A column family's compaction strategy was changed by {@code setOptions}: the new strategy
     * takes over the family's tree as it is.
     *
     * @param family the family's name
     * @param from the strategy it had (its kind, e.g. "SIZE_TIERED")
     * @param to the strategy it has now
     * @param migration what the change does to the existing tables, e.g. "none: leveled takes the
     *     tree as it is; level 0 and overfull levels are compacted as the new strategy scores them"
     */
    default void onStrategyChanged(String family, String from, String to, String migration) { }
}

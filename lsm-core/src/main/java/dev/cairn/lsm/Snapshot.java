// The public snapshot contract: a consistent read-only view at one sequence number, released by
// close (idempotent). Thread-safe.
package dev.cairn.lsm;

/**
 * A consistent, read-only view of the store at one sequence number. Reads through
 * {@link ReadOptions#at(Snapshot)} see exactly the writes acknowledged before the snapshot was
 * taken. Compaction keeps every version a live snapshot can see, so close snapshots promptly.
 * Closing is idempotent.
 */
public interface Snapshot extends AutoCloseable {
    /** @return the sequence number this snapshot reads at */
    long sequence();

    /** Releases the snapshot; reads through it afterwards throw {@link StoreClosedException}. */
    @Override
    void close();
}

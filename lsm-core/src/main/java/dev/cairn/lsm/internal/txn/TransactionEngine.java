// The store as a transaction sees it: snapshots, its column families, reads of a family at a
// snapshot, and a validated commit. Implemented by the engine (internal.engine.EngineTransactions);
// the transaction itself (StoreTransaction) knows nothing else of the engine. Implementations are
// thread-safe.
package dev.cairn.lsm.internal.txn;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.Snapshot;
import dev.cairn.lsm.TransactionConflictException;
import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.WriteOptions;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;

/** What a transaction needs from its store. */
public interface TransactionEngine {
    /** @return a snapshot of the latest state, registered so compaction keeps what it sees */
    Snapshot snapshot();

    /**
     * @param instant a past instant inside the retention window
     * @return a snapshot at the newest commit at or before {@code instant}, registered like
     *     {@link #snapshot()}
     * @throws IllegalArgumentException if the store retains no versions or the instant lies outside the window
     */
    Snapshot snapshotAsOf(java.time.Instant instant);

    /** @return the store's default family, which the methods without a family argument use */
    ColumnFamily defaultFamily();

    /**
     * @param family a family handle a caller passed
     * @return the store's live handle of that family (the same object for every call about one family)
     * @throws IllegalArgumentException naming the family, if it is null, dropped or another store's
     */
    ColumnFamily family(ColumnFamily family);

    /**
     * @param family a live family (from {@link #family})
     * @return the family's merge operator (and filter), as its options are now
     */
    KeyspaceHooks hooks(ColumnFamily family);

    /**
     * @param family a live family
     * @param key the key
     * @param options read options naming the transaction's snapshot
     * @return the value in {@code family} at that snapshot, or null
     */
    byte[] get(ColumnFamily family, byte[] key, ReadOptions options);

    /**
     * @param family a live family
     * @param options read options naming the transaction's snapshot
     * @return a cursor over {@code family} at that snapshot
     */
    Cursor newCursor(ColumnFamily family, ReadOptions options);

    /**
     * Validates {@code conflicts} and, if no commit after their snapshot conflicts, writes
     * {@code batch} (which may span families) as one record through the group commit; blocks until
     * acknowledged.
     *
     * @throws TransactionConflictException if a newer commit wrote a key or range of {@code conflicts}
     * @throws IllegalArgumentException if a family the batch or the checks name was dropped (nothing is written)
     */
    void commit(WriteBatch batch, WriteOptions options, ConflictSet conflicts);
}

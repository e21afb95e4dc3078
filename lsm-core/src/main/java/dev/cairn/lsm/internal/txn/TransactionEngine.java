// The store as a transaction sees it: snapshots, reads at a snapshot, and a validated commit.
// Implemented by the engine (internal.engine.EngineTransactions); the transaction itself
// (StoreTransaction) knows nothing else of the engine. Implementations are thread-safe.
package dev.cairn.lsm.internal.txn;

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

    /** @return the merge operator (and filter) of the keyspace transactions write to */
    KeyspaceHooks hooks();

    /**
     * @param key the key
     * @param options read options naming the transaction's snapshot
     * @return the value at that snapshot, or null
     */
    byte[] get(byte[] key, ReadOptions options);

    /**
     * @param options read options naming the transaction's snapshot
     * @return a cursor over that snapshot
     */
    Cursor newCursor(ReadOptions options);

    /**
     * Validates {@code conflicts} and, if no commit after their snapshot conflicts, writes
     * {@code batch} as one record through the group commit; blocks until acknowledged.
     *
     * @throws TransactionConflictException if a newer commit wrote a key or range of {@code conflicts}
     */
    void commit(WriteBatch batch, WriteOptions options, ConflictSet conflicts);
}

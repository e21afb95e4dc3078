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

/** What a transaction needs from its store. */
public interface TransactionEngine {
    /** @return a snapshot of the latest state, registered so compaction keeps what it sees */
    Snapshot snapshot();

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

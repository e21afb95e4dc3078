// The engine's side of transactions (txn.TransactionEngine): snapshots and reads through the
// store, and the validated commit: the full conflict check on the caller's thread (ConflictCheck
// pass 1), then the write set queued on the group commit as one batch whose leader re-validates
// it right before sequencing (pass 2). Thread-safe; holds only final references.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.Snapshot;
import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.WriteOptions;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.internal.txn.ConflictSet;
import dev.cairn.lsm.internal.txn.TransactionEngine;
import dev.cairn.lsm.internal.version.TableRegistry;
import java.time.Instant;

/** Transactions' access to one store engine. */
final class EngineTransactions implements TransactionEngine {
    private final StoreEngine store;
    private final MemTables memtables;
    private final TableRegistry tables;
    private final KeyspaceHooks hooks;
    private final VersionedReads versioned;

    EngineTransactions(StoreEngine store, MemTables memtables, TableRegistry tables, KeyspaceHooks hooks,
                       VersionedReads versioned) {
        this.store = store;
        this.memtables = memtables;
        this.tables = tables;
        this.hooks = hooks;
        this.versioned = versioned;
    }

    @Override
    public Snapshot snapshotAsOf(Instant instant) {
        return versioned.snapshotAsOf(instant);
    }

    @Override
    public KeyspaceHooks hooks() {
        return hooks;
    }

    @Override
    public Snapshot snapshot() {
        return store.snapshot();
    }

    @Override
    public byte[] get(byte[] key, ReadOptions options) {
        return store.get(key, options);
    }

    @Override
    public Cursor newCursor(ReadOptions options) {
        return store.newCursor(options);
    }

    @Override
    public void commit(WriteBatch batch, WriteOptions options, ConflictSet conflicts) {
        ConflictCheck check = new ConflictCheck(memtables, tables, conflicts);
        if (!conflicts.isEmpty()) {
            check.preCheck();
        }
        store.write(batch, options, conflicts.isEmpty() ? null : check);
    }
}

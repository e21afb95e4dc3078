// The engine's side of transactions (txn.TransactionEngine): snapshots, the store's column families
// and reads of them through the store, and the validated commit: the full conflict check on the
// caller's thread (ConflictCheck pass 1), then the write set queued on the group commit as one
// batch, spanning families, whose leader re-validates it right before sequencing (pass 2).
// Thread-safe; holds only final references.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.ColumnFamily;
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
    private final ColumnFamilySet families;
    private final TableRegistry tables;
    private final VersionedReads versioned;

    EngineTransactions(StoreEngine store, ColumnFamilySet families, TableRegistry tables, VersionedReads versioned) {
        this.store = store;
        this.families = families;
        this.tables = tables;
        this.versioned = versioned;
    }

    @Override
    public Snapshot snapshotAsOf(Instant instant) {
        return versioned.snapshotAsOf(instant);
    }

    @Override
    public ColumnFamily defaultFamily() {
        return families.defaultFamily();
    }

    @Override
    public ColumnFamily family(ColumnFamily family) {
        return families.check(family);
    }

    @Override
    public KeyspaceHooks hooks(ColumnFamily family) {
        return families.check(family).tuning().hooks();
    }

    @Override
    public Snapshot snapshot() {
        return store.snapshot();
    }

    @Override
    public byte[] get(ColumnFamily family, byte[] key, ReadOptions options) {
        return store.get(family, key, options);
    }

    @Override
    public Cursor newCursor(ColumnFamily family, ReadOptions options) {
        return store.newCursor(family, options);
    }

    @Override
    public void commit(WriteBatch batch, WriteOptions options, ConflictSet conflicts) {
        ConflictCheck check = new ConflictCheck(families, tables, conflicts);
        if (!conflicts.isEmpty()) {
            check.preCheck();
        }
        store.write(batch, options, conflicts.isEmpty() ? null : check);
    }
}

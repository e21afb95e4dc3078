// The Transaction implementation: a snapshot, a write set over column families (WriteSet), for a
// serializable transaction a read set (ReadSet), and the cursors it opened. Every family argument is
// resolved to the store's live handle first (a dropped family is refused there, naming it); the
// methods without one use the default family. Reads go to the write set first,
// then to the snapshot through the TransactionEngine, and a key's pending merge operands fold over
// whichever of the two answers; commit hands the write set, as one batch,
// and what must be validated (ConflictSet) to the engine. A finished transaction (committed,
// rolled back, or failed to commit) has released its snapshot and refuses every call but close.
// Not thread-safe: one thread at a time, as the public contract says.
package dev.cairn.lsm.internal.txn;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.Limits;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.Snapshot;
import dev.cairn.lsm.Transaction;
import dev.cairn.lsm.TransactionOptions;
import java.util.ArrayList;
import java.util.List;

/** An optimistic transaction over a {@link TransactionEngine}. */
public final class StoreTransaction implements Transaction {
    private enum State { OPEN, COMMITTED, ROLLED_BACK }

    private final TransactionEngine engine;
    private final TransactionOptions options;
    private final Snapshot snapshot;
    private final ReadOptions atSnapshot;
    private final WriteSet writes = new WriteSet();
    /** Null unless serializable. */
    private final ReadSet reads;
    private final List<Cursor> cursors = new ArrayList<>();
    private State state = State.OPEN;

    /**
     * Begins a transaction at a snapshot of the engine's latest state, or of the state at the
     * options' instant.
     *
     * @param engine the store
     * @param options isolation and durability
     */
    public StoreTransaction(TransactionEngine engine, TransactionOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("transaction options must not be null (use TransactionOptions.defaults())");
        }
        this.engine = engine;
        this.options = options;
        this.reads = options.isSerializable() ? new ReadSet() : null;
        this.snapshot = options.asOf() == null ? engine.snapshot() : engine.snapshotAsOf(options.asOf());
        this.atSnapshot = ReadOptions.at(snapshot);
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("transaction is " + (state == State.COMMITTED ? "committed" : "rolled back")
                    + "; begin a new one");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (options.isReadOnly()) {
            throw new IllegalStateException("transaction is read-only (begin it with TransactionOptions.defaults() to write)");
        }
    }

    @Override
    public byte[] get(byte[] key) {
        return get(engine.defaultFamily(), key);
    }

    @Override
    public byte[] get(ColumnFamily family, byte[] key) {
        checkOpen();
        ColumnFamily cf = engine.family(family);
        Limits.checkKey(key, "key");
        FamilyWrites w = writes.family(cf);
        if (w.writes(key)) {
            byte[] own = ownValue(w, key);
            return own == null ? null : own.clone();
        }
        if (w.rangeCovers(key)) {
            return null;
        }
        if (reads != null) {
            reads.key(cf, key);
        }
        return engine.get(cf, key, atSnapshot);
    }

    /**
     * @param w the family's writes
     * @param key a key this transaction wrote itself there (a put, delete or merge)
     * @return its value in this transaction's view (not a copy), or null when deleted: the
     *     pending operands folded over the own point write, else over the snapshot's value (or
     *     nothing, where an own deleted range covers the key). Reading the snapshot here is not
     *     recorded as a read: the key is validated as written, which is stricter.
     */
    private byte[] ownValue(FamilyWrites w, byte[] key) {
        byte[] point = w.point(key);
        List<byte[]> operands = w.operands(key);
        if (operands == null) {
            return point == WriteSet.DELETED ? null : point;
        }
        byte[] base = point != null ? (point == WriteSet.DELETED ? null : point)
                : w.rangeCovers(key) ? null : engine.get(w.family, key, atSnapshot);
        return engine.hooks(w.family).fullMerge(key, base, operands);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        put(engine.defaultFamily(), key, value);
    }

    @Override
    public void put(ColumnFamily family, byte[] key, byte[] value) {
        checkWritable();
        ColumnFamily cf = engine.family(family);
        Limits.checkKey(key, "key");
        Limits.checkValue(value);
        writes.put(cf, key, value);
    }

    @Override
    public void merge(byte[] key, byte[] operand) {
        merge(engine.defaultFamily(), key, operand);
    }

    @Override
    public void merge(ColumnFamily family, byte[] key, byte[] operand) {
        checkWritable();
        ColumnFamily cf = engine.family(family);
        Limits.checkKey(key, "key");
        if (operand == null) {
            throw new IllegalArgumentException("merge operand must not be null");
        }
        Limits.checkValue(operand);
        engine.hooks(cf).checkMergeable();
        writes.merge(cf, key, operand);
    }

    @Override
    public void delete(byte[] key) {
        delete(engine.defaultFamily(), key);
    }

    @Override
    public void delete(ColumnFamily family, byte[] key) {
        checkWritable();
        ColumnFamily cf = engine.family(family);
        Limits.checkKey(key, "key");
        writes.delete(cf, key);
    }

    @Override
    public void deleteRange(byte[] from, byte[] to) {
        deleteRange(engine.defaultFamily(), from, to);
    }

    @Override
    public void deleteRange(ColumnFamily family, byte[] from, byte[] to) {
        checkWritable();
        ColumnFamily cf = engine.family(family);
        Limits.checkRange(from, to);
        writes.deleteRange(cf, from, to);
    }

    @Override
    public Cursor newCursor(ReadOptions readOptions) {
        return newCursor(engine.defaultFamily(), readOptions);
    }

    @Override
    public Cursor newCursor(ColumnFamily family, ReadOptions readOptions) {
        checkOpen();
        ColumnFamily cf = engine.family(family);
        if (readOptions == null) {
            throw new IllegalArgumentException("read options must not be null (use ReadOptions.defaults())");
        }
        if (readOptions.snapshot() != null || readOptions.asOf() != null) {
            throw new IllegalArgumentException("a transaction's cursor reads at the transaction's snapshot; pass read "
                    + "options without a snapshot or instant (ReadOptions.defaults()), or begin the transaction with "
                    + "TransactionOptions.readOnly().asOf(instant)");
        }
        FamilyWrites w = writes.family(cf);
        Cursor base = engine.newCursor(cf, atSnapshot.fillCache(readOptions.fillCache()).readTier(readOptions.readTier()));
        TransactionCursor[] self = new TransactionCursor[1];
        self[0] = new TransactionCursor(base, w, key -> ownValue(w, key), reads, () -> cursors.remove(self[0]));
        cursors.add(self[0]);
        return self[0];
    }

    @Override
    public void setSavepoint() {
        checkOpen();
        writes.setSavepoint();
    }

    @Override
    public void rollbackToSavepoint() {
        checkOpen();
        writes.rollbackToSavepoint();
    }

    @Override
    public void commit() {
        checkOpen();
        try {
            if (!options.isReadOnly() && !writes.isEmpty()) {
                for (ColumnFamily cf : writes.writtenFamilies()) {
                    engine.family(cf); // a family dropped since it was used: refused, naming it, before anything is written
                }
                List<ConflictSet.KeyCheck> keys = new ArrayList<>();
                List<ConflictSet.RangeCheck> ranges = new ArrayList<>();
                writes.addConflictChecks(keys, ranges);
                if (reads != null) {
                    reads.addConflictChecks(keys, ranges);
                }
                engine.commit(writes.toBatch(), options.writeOptions(), new ConflictSet(snapshot.sequence(), keys, ranges));
            }
            finish(State.COMMITTED);
        } catch (RuntimeException | Error e) {
            finish(State.ROLLED_BACK);
            throw e;
        }
    }

    @Override
    public void rollback() {
        checkOpen();
        finish(State.ROLLED_BACK);
    }

    @Override
    public void close() {
        if (state == State.OPEN) {
            finish(State.ROLLED_BACK);
        }
    }

    private void finish(State end) {
        state = end;
        for (Cursor c : List.copyOf(cursors)) {
            c.close();
        }
        snapshot.close();
    }

    @Override
    public String toString() {
        return "Transaction(" + options + ", " + state.name().toLowerCase() + ")";
    }
}

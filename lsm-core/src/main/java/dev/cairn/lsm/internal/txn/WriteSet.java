// A transaction's buffered writes across column families: one FamilyWrites per family written or
// read through (the latest put or delete of each key, the merge operands written since it, the
// ranges deleted), with one undo log, one stack of savepoints and one size for them all, so a
// savepoint and its rollback span families. A put or delete of a key drops its pending operands; a
// deleteRange removes the earlier point writes and operands of its family it covers, so every
// point write and operand left is newer than every range covering it: per family the commit batch
// is the ranges, then the points, then the operands, and a later put or merge inside a deleted
// range stays visible. The size is kept as the commit batch's encoded size (family ids included),
// and refused past Limits.MAX_TRANSACTION_BYTES before anything changes.
// Not thread-safe: owned by one transaction.
package dev.cairn.lsm.internal.txn;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.Limits;
import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.util.VarInt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** The write set of one transaction, over its column families, with savepoints. */
final class WriteSet {
    /** The value of a deleted key (compared by identity). */
    static final byte[] DELETED = FamilyWrites.DELETED;

    /** Keyed by handle identity: a store has one handle per live family. Insertion order is commit order. */
    private final Map<ColumnFamily, FamilyWrites> families = new IdentityHashMap<>();
    private final List<FamilyWrites> order = new ArrayList<>();
    private final List<Undo> undo = new ArrayList<>();
    private final ArrayDeque<Savepoint> savepoints = new ArrayDeque<>();
    /** The largest encoded size allowed. */
    private final long limit;
    /** Encoded size of the commit batch, header included. */
    private long bytes = BatchFormat.HEADER;

    WriteSet() {
        this(Limits.MAX_TRANSACTION_BYTES);
    }

    /** @param limit the largest encoded size allowed, in bytes (tests pass small ones) */
    WriteSet(long limit) {
        this.limit = limit;
    }

    /**
     * One change in family {@code f}: a key's previous point write (null: none) and operands
     * (null: none), or the range appended last, or (operand) the operand appended last to the key's list.
     */
    private record Undo(FamilyWrites f, byte[] key, byte[] previous, List<byte[]> previousOperands, boolean range,
                        boolean operand) {
        static Undo point(FamilyWrites f, byte[] key, byte[] previous, List<byte[]> previousOperands) {
            return new Undo(f, key, previous, previousOperands, false, false);
        }
    }

    private record Savepoint(int undoSize, long bytes) {
    }

    /**
     * @param family a live family handle (the caller checked it)
     * @return the family's part of the write set, made empty at its first use
     */
    FamilyWrites family(ColumnFamily family) {
        FamilyWrites f = families.get(family);
        if (f == null) {
            f = new FamilyWrites(family);
            families.put(family, f);
            order.add(f);
        }
        return f;
    }

    /** @return the families holding buffered writes, in first-use order */
    List<ColumnFamily> writtenFamilies() {
        List<ColumnFamily> out = new ArrayList<>(order.size());
        for (FamilyWrites f : order) {
            if (!f.isEmpty()) {
                out.add(f.family);
            }
        }
        return out;
    }

    void put(ColumnFamily family, byte[] key, byte[] value) {
        FamilyWrites f = family(family);
        byte[] k = key.clone();
        reserve(pointSize(f, k, value));
        setPoint(f, k, value.clone());
    }

    void delete(ColumnFamily family, byte[] key) {
        FamilyWrites f = family(family);
        byte[] k = key.clone();
        reserve(pointSize(f, k, DELETED));
        setPoint(f, k, DELETED);
    }

    /** Appends a merge operand of {@code key}, newer than its point write and earlier operands. */
    void merge(ColumnFamily family, byte[] key, byte[] operand) {
        FamilyWrites f = family(family);
        byte[] k = key.clone();
        reserve(1 + f.idBytes + fieldSize(k) + fieldSize(operand));
        List<byte[]> list = f.operands.computeIfAbsent(k, x -> new ArrayList<>());
        list.add(operand.clone());
        undo.add(new Undo(f, k, null, null, false, true));
    }

    void deleteRange(ColumnFamily family, byte[] from, byte[] to) {
        if (Arrays.compareUnsigned(from, to) >= 0) {
            return; // an empty range deletes nothing
        }
        FamilyWrites f = family(family);
        reserve(1 + f.idBytes + fieldSize(from) + fieldSize(to));
        NavigableMap<byte[], byte[]> covered = f.points.subMap(from, true, to, false);
        NavigableMap<byte[], List<byte[]>> coveredOperands = f.operands.subMap(from, true, to, false);
        for (Map.Entry<byte[], byte[]> e : covered.entrySet()) {
            List<byte[]> ops = coveredOperands.remove(e.getKey());
            undo.add(Undo.point(f, e.getKey(), e.getValue(), ops));
            bytes -= pointSize(f, e.getKey(), e.getValue()) + (ops == null ? 0 : operandsSize(f, e.getKey(), ops));
        }
        for (Map.Entry<byte[], List<byte[]>> e : coveredOperands.entrySet()) {
            undo.add(Undo.point(f, e.getKey(), null, e.getValue()));
            bytes -= operandsSize(f, e.getKey(), e.getValue());
        }
        covered.clear();
        coveredOperands.clear();
        f.ranges.add(new byte[][] {from.clone(), to.clone()});
        undo.add(new Undo(f, null, null, null, true, false));
    }

    private void setPoint(FamilyWrites f, byte[] key, byte[] value) {
        byte[] previous = f.points.put(key, value);
        List<byte[]> previousOperands = f.operands.remove(key);
        undo.add(Undo.point(f, key, previous, previousOperands));
        if (previous != null) {
            bytes -= pointSize(f, key, previous);
        }
        if (previousOperands != null) {
            bytes -= operandsSize(f, key, previousOperands);
        }
    }

    /** @return the encoded size of {@code list}'s merge operations of {@code key} */
    private static long operandsSize(FamilyWrites f, byte[] key, List<byte[]> list) {
        long n = 0;
        for (byte[] op : list) {
            n += 1 + f.idBytes + fieldSize(key) + fieldSize(op);
        }
        return n;
    }

    /** Refuses a change that would make the batch too large; accounts for it otherwise. */
    private void reserve(long added) {
        if (bytes + added > limit) {
            throw new IllegalArgumentException("transaction write set would be " + (bytes + added)
                    + " bytes; the limit is " + limit + " bytes (Limits.MAX_TRANSACTION_BYTES)");
        }
        bytes += added;
    }

    /** @return the encoded size of a put (or, for {@link #DELETED}, a delete): kind byte, family id and fields */
    private static long pointSize(FamilyWrites f, byte[] key, byte[] value) {
        return 1 + f.idBytes + fieldSize(key) + (value == DELETED ? 0 : fieldSize(value));
    }

    /** @return the bytes one length-prefixed field takes in a batch */
    private static long fieldSize(byte[] field) {
        return VarInt.size(field.length) + field.length;
    }

    void setSavepoint() {
        savepoints.push(new Savepoint(undo.size(), bytes));
    }

    void rollbackToSavepoint() {
        Savepoint s = savepoints.poll();
        if (s == null) {
            throw new IllegalStateException("no savepoint to roll back to (call setSavepoint() first)");
        }
        for (int i = undo.size() - 1; i >= s.undoSize(); i--) {
            Undo u = undo.remove(i);
            FamilyWrites f = u.f();
            if (u.range()) {
                f.ranges.remove(f.ranges.size() - 1);
            } else if (u.operand()) {
                List<byte[]> list = f.operands.get(u.key());
                list.remove(list.size() - 1);
                if (list.isEmpty()) {
                    f.operands.remove(u.key());
                }
            } else {
                if (u.previous() == null) {
                    f.points.remove(u.key());
                } else {
                    f.points.put(u.key(), u.previous());
                }
                if (u.previousOperands() != null) {
                    f.operands.put(u.key(), u.previousOperands());
                }
            }
        }
        bytes = s.bytes();
    }

    /** @return the encoded size of the commit batch {@link #toBatch()} builds, header included */
    long encodedSize() {
        return bytes;
    }

    /** @return whether nothing is buffered in any family */
    boolean isEmpty() {
        for (FamilyWrites f : order) {
            if (!f.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the commit batch, family by family in first-use order: the deleted ranges, then the
     *     point writes (each newer than any range covering it), then the merge operands (each newer
     *     than its key's point write)
     */
    WriteBatch toBatch() {
        WriteBatch batch = new WriteBatch();
        for (FamilyWrites f : order) {
            ColumnFamily cf = f.family;
            for (byte[][] r : f.ranges) {
                batch.deleteRange(cf, r[0], r[1]);
            }
            for (Map.Entry<byte[], byte[]> e : f.points.entrySet()) {
                if (e.getValue() == DELETED) {
                    batch.delete(cf, e.getKey());
                } else {
                    batch.put(cf, e.getKey(), e.getValue());
                }
            }
            for (Map.Entry<byte[], List<byte[]>> e : f.operands.entrySet()) {
                for (byte[] op : e.getValue()) {
                    batch.merge(cf, e.getKey(), op);
                }
            }
        }
        return batch;
    }

    /**
     * Adds what a commit must validate for these writes, per family: each key written, merges
     * included (as in RocksDB's transactions, first committer wins on a merged key too; a counter
     * increment that must never conflict belongs outside a transaction, in a plain merge), each
     * range deleted.
     */
    void addConflictChecks(List<ConflictSet.KeyCheck> keys, List<ConflictSet.RangeCheck> out) {
        for (FamilyWrites f : order) {
            for (byte[] k : f.points.keySet()) {
                keys.add(new ConflictSet.KeyCheck(f.family, k, "written"));
            }
            for (byte[] k : f.operands.keySet()) {
                if (!f.points.containsKey(k)) {
                    keys.add(new ConflictSet.KeyCheck(f.family, k, "merged"));
                }
            }
            for (byte[][] r : f.ranges) {
                out.add(new ConflictSet.RangeCheck(f.family, r[0], r[1], "in a range deleted"));
            }
        }
    }
}

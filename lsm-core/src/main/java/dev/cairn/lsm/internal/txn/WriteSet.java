// A transaction's buffered writes, in the form reads need: the latest put or delete of each key
// (a sorted map), the merge operands written since it (oldest first, another sorted map) and the
// ranges deleted. A put or delete of a key drops its pending operands; a deleteRange removes the
// earlier point writes and operands it covers, so every point write and operand left is newer
// than every range covering it: the commit batch is the ranges, then the points, then the
// operands, and a later put or merge inside a deleted range stays visible. Every change is
// recorded in an undo log, and a savepoint is a position in it. The size is kept as the commit
// batch's encoded size, and refused past Limits.MAX_TRANSACTION_BYTES before anything changes.
// Not thread-safe: owned by one transaction.
package dev.cairn.lsm.internal.txn;

import dev.cairn.lsm.Limits;
import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.util.VarInt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The write set of one transaction, with savepoints. */
final class WriteSet {
    /** The value of a deleted key in {@link #points} (compared by identity). */
    static final byte[] DELETED = new byte[0];

    private final TreeMap<byte[], byte[]> points = new TreeMap<>(Arrays::compareUnsigned);
    /** Merge operands newer than the key's point write (if any), oldest first; never an empty list. */
    private final TreeMap<byte[], List<byte[]>> operands = new TreeMap<>(Arrays::compareUnsigned);
    /** Deleted ranges {from, to}, in the order they were added. */
    private final List<byte[][]> ranges = new ArrayList<>();
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
     * One change: a key's previous point write (null: none) and operands (null: none), or the
     * range appended last, or (operand) the operand appended last to the key's list.
     */
    private record Undo(byte[] key, byte[] previous, List<byte[]> previousOperands, boolean range, boolean operand) {
        static Undo point(byte[] key, byte[] previous, List<byte[]> previousOperands) {
            return new Undo(key, previous, previousOperands, false, false);
        }
    }

    private record Savepoint(int undoSize, long bytes) {
    }

    void put(byte[] key, byte[] value) {
        byte[] k = key.clone();
        reserve(pointSize(k, value));
        setPoint(k, value.clone());
    }

    void delete(byte[] key) {
        byte[] k = key.clone();
        reserve(pointSize(k, DELETED));
        setPoint(k, DELETED);
    }

    /** Appends a merge operand of {@code key}, newer than its point write and earlier operands. */
    void merge(byte[] key, byte[] operand) {
        byte[] k = key.clone();
        reserve(1 + fieldSize(k) + fieldSize(operand));
        List<byte[]> list = operands.computeIfAbsent(k, x -> new ArrayList<>());
        list.add(operand.clone());
        undo.add(new Undo(k, null, null, false, true));
    }

    void deleteRange(byte[] from, byte[] to) {
        if (Arrays.compareUnsigned(from, to) >= 0) {
            return; // an empty range deletes nothing
        }
        reserve(1 + fieldSize(from) + fieldSize(to));
        NavigableMap<byte[], byte[]> covered = points.subMap(from, true, to, false);
        NavigableMap<byte[], List<byte[]>> coveredOperands = operands.subMap(from, true, to, false);
        for (Map.Entry<byte[], byte[]> e : covered.entrySet()) {
            List<byte[]> ops = coveredOperands.remove(e.getKey());
            undo.add(Undo.point(e.getKey(), e.getValue(), ops));
            bytes -= pointSize(e.getKey(), e.getValue()) + (ops == null ? 0 : operandsSize(e.getKey(), ops));
        }
        for (Map.Entry<byte[], List<byte[]>> e : coveredOperands.entrySet()) {
            undo.add(Undo.point(e.getKey(), null, e.getValue()));
            bytes -= operandsSize(e.getKey(), e.getValue());
        }
        covered.clear();
        coveredOperands.clear();
        ranges.add(new byte[][] {from.clone(), to.clone()});
        undo.add(new Undo(null, null, null, true, false));
    }

    private void setPoint(byte[] key, byte[] value) {
        byte[] previous = points.put(key, value);
        List<byte[]> previousOperands = operands.remove(key);
        undo.add(Undo.point(key, previous, previousOperands));
        if (previous != null) {
            bytes -= pointSize(key, previous);
        }
        if (previousOperands != null) {
            bytes -= operandsSize(key, previousOperands);
        }
    }

    /** @return the encoded size of {@code list}'s merge operations of {@code key} */
    private static long operandsSize(byte[] key, List<byte[]> list) {
        long n = 0;
        for (byte[] op : list) {
            n += 1 + fieldSize(key) + fieldSize(op);
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

    /** @return the encoded size of a put (or, for {@link #DELETED}, a delete): kind byte and fields */
    private static long pointSize(byte[] key, byte[] value) {
        return 1 + fieldSize(key) + (value == DELETED ? 0 : fieldSize(value));
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
            if (u.range()) {
                ranges.remove(ranges.size() - 1);
            } else if (u.operand()) {
                List<byte[]> list = operands.get(u.key());
                list.remove(list.size() - 1);
                if (list.isEmpty()) {
                    operands.remove(u.key());
                }
            } else {
                if (u.previous() == null) {
                    points.remove(u.key());
                } else {
                    points.put(u.key(), u.previous());
                }
                if (u.previousOperands() != null) {
                    operands.put(u.key(), u.previousOperands());
                }
            }
        }
        bytes = s.bytes();
    }

    /** @return the encoded size of the commit batch {@link #toBatch()} builds, header included */
    long encodedSize() {
        return bytes;
    }

    /** @return whether nothing is buffered */
    boolean isEmpty() {
        return points.isEmpty() && ranges.isEmpty() && operands.isEmpty();
    }

    /** @return the key's own point write: its value, {@link #DELETED}, or null when it has none */
    byte[] point(byte[] key) {
        return points.get(key);
    }

    /** @return the key's pending merge operands, oldest first (not to be changed), or null when none */
    List<byte[]> operands(byte[] key) {
        return operands.get(key);
    }

    /** @return whether the transaction wrote {@code key} itself: a put, a delete or a merge */
    boolean writes(byte[] key) {
        return points.containsKey(key) || operands.containsKey(key);
    }

    /** @return whether a deleted range covers {@code key} */
    boolean rangeCovers(byte[] key) {
        return coveringRangeEnd(key) != null;
    }

    /** @return the largest end of the deleted ranges covering {@code key}, or null */
    byte[] coveringRangeEnd(byte[] key) {
        byte[] end = null;
        for (byte[][] r : ranges) {
            if (covers(r, key) && (end == null || Arrays.compareUnsigned(r[1], end) > 0)) {
                end = r[1];
            }
        }
        return end;
    }

    /** @return the smallest start of the deleted ranges covering {@code key}, or null */
    byte[] coveringRangeStart(byte[] key) {
        byte[] start = null;
        for (byte[][] r : ranges) {
            if (covers(r, key) && (start == null || Arrays.compareUnsigned(r[0], start) < 0)) {
                start = r[0];
            }
        }
        return start;
    }

    private static boolean covers(byte[][] range, byte[] key) {
        return Arrays.compareUnsigned(range[0], key) <= 0 && Arrays.compareUnsigned(key, range[1]) < 0;
    }

    /**
     * @param key where to start, or null for the first key
     * @param inclusive whether {@code key} itself qualifies
     * @return the first key at or after (after) {@code key} that this transaction's own writes
     *     make visible (a put, or merge operands), or null
     */
    byte[] nextVisible(byte[] key, boolean inclusive) {
        byte[] p = nextPut(key, inclusive);
        byte[] m = key == null ? firstKey(operands) : inclusive ? operands.ceilingKey(key) : operands.higherKey(key);
        return m == null ? p : p == null || Arrays.compareUnsigned(m, p) < 0 ? m : p;
    }

    /**
     * @param key where to start, or null for the last key
     * @param inclusive whether {@code key} itself qualifies
     * @return the last key at or before (before) {@code key} that this transaction's own writes
     *     make visible, or null
     */
    byte[] previousVisible(byte[] key, boolean inclusive) {
        byte[] p = previousPut(key, inclusive);
        byte[] m = key == null ? lastKey(operands) : inclusive ? operands.floorKey(key) : operands.lowerKey(key);
        return m == null ? p : p == null || Arrays.compareUnsigned(m, p) > 0 ? m : p;
    }

    private byte[] nextPut(byte[] key, boolean inclusive) {
        Map.Entry<byte[], byte[]> e = key == null ? points.firstEntry()
                : inclusive ? points.ceilingEntry(key) : points.higherEntry(key);
        while (e != null && e.getValue() == DELETED) {
            e = points.higherEntry(e.getKey());
        }
        return e == null ? null : e.getKey();
    }

    private byte[] previousPut(byte[] key, boolean inclusive) {
        Map.Entry<byte[], byte[]> e = key == null ? points.lastEntry()
                : inclusive ? points.floorEntry(key) : points.lowerEntry(key);
        while (e != null && e.getValue() == DELETED) {
            e = points.lowerEntry(e.getKey());
        }
        return e == null ? null : e.getKey();
    }

    private static byte[] firstKey(TreeMap<byte[], ?> map) {
        return map.isEmpty() ? null : map.firstKey();
    }

    private static byte[] lastKey(TreeMap<byte[], ?> map) {
        return map.isEmpty() ? null : map.lastKey();
    }

    /**
     * @return the commit batch: the deleted ranges, then the point writes (each newer than any
     *     range covering it), then the merge operands (each newer than its key's point write)
     */
    WriteBatch toBatch() {
        WriteBatch batch = new WriteBatch();
        for (byte[][] r : ranges) {
            batch.deleteRange(r[0], r[1]);
        }
        for (Map.Entry<byte[], byte[]> e : points.entrySet()) {
            if (e.getValue() == DELETED) {
                batch.delete(e.getKey());
            } else {
                batch.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<byte[], List<byte[]>> e : operands.entrySet()) {
            for (byte[] op : e.getValue()) {
                batch.merge(e.getKey(), op);
            }
        }
        return batch;
    }

    /**
     * Adds what a commit must validate for these writes: each key written, merges included (as in
     * RocksDB's transactions, first committer wins on a merged key too; a counter increment that
     * must never conflict belongs outside a transaction, in a plain merge), each range deleted.
     */
    void addConflictChecks(List<ConflictSet.KeyCheck> keys, List<ConflictSet.RangeCheck> out) {
        for (byte[] k : points.keySet()) {
            keys.add(new ConflictSet.KeyCheck(k, "written"));
        }
        for (byte[] k : operands.keySet()) {
            if (!points.containsKey(k)) {
                keys.add(new ConflictSet.KeyCheck(k, "merged"));
            }
        }
        for (byte[][] r : ranges) {
            out.add(new ConflictSet.RangeCheck(r[0], r[1], "in a range deleted"));
        }
    }
}

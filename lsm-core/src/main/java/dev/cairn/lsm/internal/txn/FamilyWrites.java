// One column family's part of a transaction's write set, in the form reads need: the latest put or
// delete of each key (a sorted map), the merge operands written since it (oldest first, another
// sorted map) and the ranges deleted. WriteSet owns and changes it (with its undo log, savepoints
// and size accounting, which span the transaction's families); the transaction's reads and its
// cursors in the family only ask it. Not thread-safe: owned by one transaction.
package dev.cairn.lsm.internal.txn;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.internal.batch.FamilyTag;
import dev.cairn.lsm.internal.util.VarInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The buffered writes of one transaction in one column family. */
final class FamilyWrites {
    /** The value of a deleted key in {@link #points} (compared by identity). */
    static final byte[] DELETED = new byte[0];

    final ColumnFamily family;
    /** The bytes the family's id adds to each operation of the commit batch (none for the default family). */
    final int idBytes;
    final TreeMap<byte[], byte[]> points = new TreeMap<>(Arrays::compareUnsigned);
    /** Merge operands newer than the key's point write (if any), oldest first; never an empty list. */
    final TreeMap<byte[], List<byte[]>> operands = new TreeMap<>(Arrays::compareUnsigned);
    /** Deleted ranges {from, to}, in the order they were added. */
    final List<byte[][]> ranges = new ArrayList<>();

    /** @param family a live family handle of the transaction's store (a {@link FamilyTag}) */
    FamilyWrites(ColumnFamily family) {
        this.family = family;
        int id = family instanceof FamilyTag tag ? tag.familyId() : 0;
        this.idBytes = id == 0 ? 0 : VarInt.size(id);
    }

    /** @return whether nothing is buffered in this family */
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

    /** @return whether the transaction wrote {@code key} itself here: a put, a delete or a merge */
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
}

// The writes of the members ahead of a transaction in its commit group: sequenced before it but
// not yet in the memtable, so its validation must check them here. Filled by the commit leader
// from the members' encoded batches, member by member; confined to the leader's thread.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.batch.BatchFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** Keys and ranges written earlier in one commit group. */
final class GroupWrites {
    private final TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
    /** Deleted ranges {from, to}. */
    private final List<byte[][]> ranges = new ArrayList<>();

    /** Adds the writes of one member's encoded batch. */
    void add(byte[] rep) {
        BatchFormat.iterate(rep, rep.length, new BatchFormat.Handler() {
            @Override
            public void put(byte[] key, byte[] value, long seq) {
                keys.add(key);
            }

            @Override
            public void delete(byte[] key, long seq) {
                keys.add(key);
            }

            @Override
            public void deleteRange(byte[] from, byte[] to, long seq) {
                ranges.add(new byte[][] {from, to});
            }
        });
    }

    /** @return whether an earlier member wrote {@code key} (or deleted a range covering it) */
    boolean wrote(byte[] key) {
        if (keys.contains(key)) {
            return true;
        }
        for (byte[][] r : ranges) {
            if (Arrays.compareUnsigned(r[0], key) <= 0 && Arrays.compareUnsigned(key, r[1]) < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param from first key, or null for unbounded
     * @param to first key past the range, or null for unbounded
     * @return a key in {@code [from, to)} an earlier member wrote (or a deleted range reached), or null
     */
    byte[] firstWrittenIn(byte[] from, byte[] to) {
        byte[] k = from == null ? (keys.isEmpty() ? null : keys.first()) : keys.ceiling(from);
        if (k != null && (to == null || Arrays.compareUnsigned(k, to) < 0)) {
            return k;
        }
        for (byte[][] r : ranges) {
            if (KeyRanges.overlap(r[0], r[1], from, to)) {
                return KeyRanges.laterStart(r[0], from);
            }
        }
        return null;
    }
}

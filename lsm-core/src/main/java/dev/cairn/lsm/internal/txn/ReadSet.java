// What a serializable transaction read from its snapshot: each key a get asked for (hits and
// misses alike) and each key range a cursor covered, each in its column family, one Coverage per seek that its later steps
// widen. A commit validates that no newer commit wrote inside any of them. Not thread-safe: owned
// by one transaction (and its cursors, on the same thread).
package dev.cairn.lsm.internal.txn;

import dev.cairn.lsm.ColumnFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The reads of one serializable transaction. */
final class ReadSet {
    private final List<ConflictSet.KeyCheck> keys = new ArrayList<>();
    private final List<Coverage> ranges = new ArrayList<>();

    void key(ColumnFamily family, byte[] key) {
        keys.add(new ConflictSet.KeyCheck(family, key.clone(), "read"));
    }

    /** @return a new covered range {@code [from, to)} of {@code family} (null bounds: unbounded), widened as the cursor moves */
    Coverage range(ColumnFamily family, byte[] from, byte[] to) {
        Coverage c = new Coverage(family, from, to);
        ranges.add(c);
        return c;
    }

    void addConflictChecks(List<ConflictSet.KeyCheck> out, List<ConflictSet.RangeCheck> outRanges) {
        out.addAll(keys);
        for (Coverage c : ranges) {
            outRanges.add(new ConflictSet.RangeCheck(c.family, c.from, c.to, "in a range read"));
        }
    }

    /** The key range one cursor covered since a seek: {@code [from, to)}, null bounds unbounded. */
    static final class Coverage {
        private final ColumnFamily family;
        private byte[] from;
        private byte[] to;
        private boolean unboundedBelow;
        private boolean unboundedAbove;

        private Coverage(ColumnFamily family, byte[] from, byte[] to) {
            this.family = family;
            this.from = from;
            this.to = to;
            this.unboundedBelow = from == null;
            this.unboundedAbove = to == null;
        }

        /** Widens the range down to {@code key} (null: unbounded). */
        void down(byte[] key) {
            if (unboundedBelow) {
                return;
            }
            if (key == null) {
                unboundedBelow = true;
                from = null;
            } else if (Arrays.compareUnsigned(key, from) < 0) {
                from = key.clone();
            }
        }

        /** Widens the range up to and including {@code key} (null: unbounded). */
        void upTo(byte[] key) {
            if (unboundedAbove) {
                return;
            }
            if (key == null) {
                unboundedAbove = true;
                to = null;
            } else {
                byte[] past = successor(key);
                if (Arrays.compareUnsigned(past, to) > 0) {
                    to = past;
                }
            }
        }

        /** @return the first key after {@code key}: {@code key} followed by a zero byte */
        static byte[] successor(byte[] key) {
            return Arrays.copyOf(key, key.length + 1);
        }
    }
}

// A fragmented, immutable view of range tombstones answering "which visible tombstone covers this
// key" with one binary search. Thread-safe.
package dev.cairn.lsm.internal.key;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * An immutable, fragmented view of a group of range tombstones: the key space is cut at every
 * tombstone bound into disjoint fragments, each carrying the sequence numbers of the tombstones
 * that cover it (newest first). Answers "which visible tombstone covers this key" with one binary
 * search. Thread-safe.
 */
public final class RangeTombstoneSet {
    /** The set with no tombstones. */
    public static final RangeTombstoneSet EMPTY = new RangeTombstoneSet(List.of(), new byte[0][], new long[0][]);

    private final List<RangeTombstone> tombstones;
    private final byte[][] bounds;
    private final long[][] seqs;

    private RangeTombstoneSet(List<RangeTombstone> tombstones, byte[][] bounds, long[][] seqs) {
        this.tombstones = tombstones;
        this.bounds = bounds;
        this.seqs = seqs;
    }

    /** @return the fragmented set of {@code input} (empty ranges are ignored) */
    public static RangeTombstoneSet of(Collection<RangeTombstone> input) {
        List<RangeTombstone> list = new ArrayList<>();
        for (RangeTombstone t : input) {
            if (!t.isEmpty()) {
                list.add(t);
            }
        }
        if (list.isEmpty()) {
            return EMPTY;
        }
        TreeSet<byte[]> cut = new TreeSet<>(Arrays::compareUnsigned);
        for (RangeTombstone t : list) {
            cut.add(t.start());
            cut.add(t.end());
        }
        byte[][] bounds = cut.toArray(new byte[0][]);
        List<List<Long>> perFragment = new ArrayList<>();
        for (int i = 0; i < bounds.length - 1; i++) {
            perFragment.add(new ArrayList<>());
        }
        for (RangeTombstone t : list) {
            int from = Arrays.binarySearch(bounds, t.start(), Arrays::compareUnsigned);
            int to = Arrays.binarySearch(bounds, t.end(), Arrays::compareUnsigned);
            for (int i = from; i < to; i++) {
                perFragment.get(i).add(t.sequence());
            }
        }
        long[][] seqs = new long[perFragment.size()][];
        for (int i = 0; i < seqs.length; i++) {
            long[] s = perFragment.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
            for (int a = 0, b = s.length - 1; a < b; a++, b--) {
                long tmp = s[a];
                s[a] = s[b];
                s[b] = tmp;
            }
            seqs[i] = s;
        }
        return new RangeTombstoneSet(List.copyOf(list), bounds, seqs);
    }

    /** @return the union of several sets */
    public static RangeTombstoneSet union(Collection<RangeTombstoneSet> sets) {
        List<RangeTombstone> all = new ArrayList<>();
        for (RangeTombstoneSet s : sets) {
            all.addAll(s.tombstones);
        }
        return of(all);
    }

    /** @return whether the set holds no tombstone */
    public boolean isEmpty() {
        return tombstones.isEmpty();
    }

    /** @return the tombstones as given (empty ones dropped) */
    public List<RangeTombstone> tombstones() {
        return tombstones;
    }

    /**
     * @param userKey the key
     * @param snapshot only tombstones with sequence at most this count
     * @return the largest sequence of a tombstone covering {@code userKey} visible at
     *     {@code snapshot}, or 0 when none
     */
    public long maxCoveringSeq(byte[] userKey, long snapshot) {
        if (bounds.length == 0) {
            return 0;
        }
        int lo = 0;
        int hi = bounds.length - 1;
        // find the last bound <= userKey
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Arrays.compareUnsigned(bounds[mid], userKey) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0 || found >= seqs.length) {
            return 0;
        }
        for (long s : seqs[found]) {
            if (s <= snapshot) {
                return s;
            }
        }
        return 0;
    }
}

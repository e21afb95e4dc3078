// An in-memory search aid for a block that is read over and over (a table's index block): one
// long per restart point holding the 8 bytes of its user key that follow the prefix every key of
// the block shares. A seek binary-searches these longs, which sit together in memory, and is left
// with the few restart points whose 8 bytes equal the target's; only those are compared in the
// block itself. Without it a seek compares keys scattered over the whole block, most of them a
// cache miss. Built once when the table opens; immutable and thread-safe after that.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.internal.util.Bytes;

import dev.cairn.lsm.internal.key.InternalKey;
import java.util.Arrays;

/** The restart keys of one block reduced to sortable longs. */
final class RestartPrefixes {
    private final byte[] common;
    private final long[] prefixes;
    /** 1 when the last key does not share {@link #common} (it then sorts after every key that does), else 0. */
    private final int tail;

    private RestartPrefixes(byte[] common, long[] prefixes, int tail) {
        this.common = common;
        this.prefixes = prefixes;
        this.tail = tail;
    }

    /**
     * Decodes every restart key of {@code block} (which must hold at least one entry).
     *
     * @throws dev.cairn.lsm.CorruptionException when a restart entry is damaged
     */
    static RestartPrefixes of(Block block) {
        int n = block.restartCount();
        BlockIterator it = block.newIterator();
        byte[][] keys = new byte[n][];
        for (int i = 0; i < n; i++) {
            it.positionAtRestart(i);
            keys[i] = Arrays.copyOf(it.keyArray(), it.keyLength() - InternalKey.TRAILER);
        }
        // Keys are sorted, so whatever the first and last share, every key between shares too.
        // An index's last separator is often a short successor of the table's last key ("1"
        // after "0…0299999"): then the prefix shared up to the key before it is used, and the
        // last key, greater than every key sharing it, gets the greatest long.
        int c = commonLength(keys[0], keys[n - 1]);
        int tail = 0;
        if (n >= 3) {
            int beforeLast = commonLength(keys[0], keys[n - 2]);
            if (beforeLast > c) {
                c = beforeLast;
                tail = 1;
            }
        }
        long[] prefixes = new long[n];
        for (int i = 0; i < n; i++) {
            prefixes[i] = i >= n - tail ? -1L : prefix(keys[i], keys[i].length, c);
        }
        return new RestartPrefixes(Arrays.copyOf(keys[0], c), prefixes, tail);
    }

    private static int commonLength(byte[] a, byte[] b) {
        int m = Arrays.mismatch(a, b);
        return m < 0 ? a.length : m;
    }

    /**
     * Narrows a seek for {@code target} (an internal key): the last restart point whose key sorts
     * before the target (or 0 when none does) lies in the returned range.
     *
     * @return {@code left << 32 | right}, with {@code 0 <= left <= right < restart count}
     */
    long narrow(byte[] target) {
        int n = prefixes.length;
        int side = side(target);
        if (side == BEFORE_ALL) {
            return pack(0, 0);
        }
        if (side == AFTER_SHARED) {
            // After every key that shares the prefix, but maybe before a last key that does not.
            return pack(n - 1 - tail, n - 1);
        }
        long p = prefix(target, target.length - InternalKey.TRAILER, common.length);
        int lastLess = lastBelow(p, false);
        // The restarts whose longs equal the target's follow; usually none or one, so a few steps
        // forward find the last of them, and a second search does when there are more.
        int lastAtMost = lastLess;
        for (int steps = 0; lastAtMost + 1 < n && prefixes[lastAtMost + 1] == p; steps++) {
            if (steps == 4) {
                lastAtMost = lastBelow(p, true);
                break;
            }
            lastAtMost++;
        }
        int left = Math.max(0, lastLess);
        return pack(left, Math.max(left, lastAtMost));
    }

    /** Returned by {@link #firstAtOrAfter} when the longs alone cannot decide. */
    static final int UNDECIDED = -1;
    /** Returned by {@link #firstAtOrAfter} when every key sorts before the target. */
    static final int PAST_END = -2;

    /**
     * For a block whose every entry is a restart point (an index block): the entry a seek for
     * {@code target} (an internal key) lands on, the first whose key is at or after it, decided
     * from the longs alone. A long strictly below the target's means a smaller user key, one
     * strictly above a greater one, so when no restart's long equals the target's the answer
     * needs no key compared in the block.
     *
     * @return the entry number, {@link #PAST_END}, or {@link #UNDECIDED} (a restart's long equals
     *     the target's, or the target leaves the shared prefix upward): then seek the block
     */
    int firstAtOrAfter(byte[] target) {
        int n = prefixes.length;
        int side = side(target);
        if (side != SHARES) {
            return side == BEFORE_ALL ? 0 : UNDECIDED;
        }
        long p = prefix(target, target.length - InternalKey.TRAILER, common.length);
        int next = lastBelow(p, false) + 1;
        if (next == n) {
            return PAST_END;
        }
        return prefixes[next] != p ? next : UNDECIDED;
    }

    /** What {@link #side} says of a target. */
    private static final int SHARES = 0;
    private static final int BEFORE_ALL = 1;
    private static final int AFTER_SHARED = 2;

    /**
     * @return {@link #SHARES} when the target's user key starts with the prefix every key shares
     *     (its long then places it), {@link #BEFORE_ALL} when it sorts before every key (it leaves
     *     the prefix downward, or is a proper prefix of it), {@link #AFTER_SHARED} when it sorts
     *     after every key that shares the prefix
     */
    private int side(byte[] target) {
        int userLength = target.length - InternalKey.TRAILER;
        int c = Math.min(userLength, common.length);
        int m = Arrays.mismatch(target, 0, c, common, 0, c);
        if (m >= 0) {
            return (target[m] & 0xFF) < (common[m] & 0xFF) ? BEFORE_ALL : AFTER_SHARED;
        }
        return userLength < common.length ? BEFORE_ALL : SHARES;
    }

    /**
     * A branch-free binary search (the comparison picks the next base as a conditional move, so
     * the processor has no branch to mispredict at each step).
     *
     * @return the last index whose long is below {@code p} (unsigned; or equal to it, when
     *     {@code orEqual}), or -1 when none is
     */
    private int lastBelow(long p, boolean orEqual) {
        long[] a = prefixes;
        int limit = orEqual ? 1 : 0;
        int base = 0;
        int n = a.length;
        while (n > 1) {
            int half = n >>> 1;
            base = Long.compareUnsigned(a[base + half], p) < limit ? base + half : base;
            n -= half;
        }
        return Long.compareUnsigned(a[base], p) < limit ? base : base - 1;
    }

    /** The 8 bytes of {@code key[0, length)} from {@code from}, big-endian, zero-padded: monotone in key order. */
    private static long prefix(byte[] key, int length, int from) {
        return Bytes.getLongPadded(key, from, length);
    }

    private static long pack(int left, int right) {
        return ((long) left << 32) | right;
    }
}

// An in-memory search aid for a block that is read over and over (a table's index block): one
// long per restart point holding the 8 bytes of its user key that follow the prefix every key of
// the block shares. A seek binary-searches these longs, which sit together in memory, and is left
// with the few restart points whose 8 bytes equal the target's; only those are compared in the
// block itself. Without it a seek compares keys scattered over the whole block, most of them a
// cache miss. Built once when the table opens; immutable and thread-safe after that.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.internal.key.InternalKey;
import java.util.Arrays;

/** The restart keys of one block reduced to sortable longs. */
final class RestartPrefixes {
    private final byte[] common;
    private final long[] prefixes;

    private RestartPrefixes(byte[] common, long[] prefixes) {
        this.common = common;
        this.prefixes = prefixes;
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
        byte[] first = keys[0];
        byte[] last = keys[n - 1];
        int c = Arrays.mismatch(first, last);
        if (c < 0) {
            c = first.length;
        }
        long[] prefixes = new long[n];
        for (int i = 0; i < n; i++) {
            prefixes[i] = prefix(keys[i], keys[i].length, c);
        }
        return new RestartPrefixes(Arrays.copyOf(first, c), prefixes);
    }

    /**
     * Narrows a seek for {@code target} (an internal key): the last restart point whose key sorts
     * before the target (or 0 when none does) lies in the returned range.
     *
     * @return {@code left << 32 | right}, with {@code 0 <= left <= right < restart count}
     */
    long narrow(byte[] target) {
        int n = prefixes.length;
        int userLength = target.length - InternalKey.TRAILER;
        int c = common.length;
        int m = Arrays.mismatch(target, 0, Math.min(userLength, c), common, 0, Math.min(userLength, c));
        if (m >= 0) {
            // The target leaves the shared prefix: it sorts before or after every key.
            int last = (target[m] & 0xFF) < (common[m] & 0xFF) ? 0 : n - 1;
            return pack(last, last);
        }
        if (userLength < c) {
            return pack(0, 0);
        }
        long p = prefix(target, userLength, c);
        int lastLess = lastBelow(p, false);
        int lastAtMost = lastBelow(p, true);
        int left = Math.max(0, lastLess);
        return pack(left, Math.max(left, lastAtMost));
    }

    /** @return the last index whose prefix is below {@code p} (or equal, when {@code orEqual}); -1 when none */
    private int lastBelow(long p, boolean orEqual) {
        int lo = 0;
        int hi = prefixes.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = Long.compareUnsigned(prefixes[mid], p);
            if (cmp < 0 || (orEqual && cmp == 0)) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The 8 bytes of {@code key[0, length)} from {@code from}, big-endian, zero-padded: monotone in key order. */
    private static long prefix(byte[] key, int length, int from) {
        long p = 0;
        for (int i = 0; i < 8; i++) {
            int at = from + i;
            p = (p << 8) | (at < length ? key[at] & 0xFF : 0);
        }
        return p;
    }

    private static long pack(int left, int right) {
        return ((long) left << 32) | right;
    }
}

// A 64-bit hash of byte ranges for the bloom filter, written for Cairn: 8-byte words are mixed
// by multiply-rotate rounds, the tail is packed into one last word, and the result goes through
// a 64-bit avalanche finalizer. Pure function; thread-safe. Its output is part of the table
// format (docs/format.md): changing it changes which keys a stored filter reports.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.internal.util.Bytes;

/** The bloom filter's key hash. */
public final class KeyHash {
    private static final long K1 = 0x9E3779B97F4A7C15L;
    private static final long K2 = 0xC2B2AE3D27D4EB4FL;
    private static final long K3 = 0x165667B19E3779F9L;

    private KeyHash() {
    }

    /** @return the 64-bit hash of {@code b[off, off + len)} */
    public static long hash64(byte[] b, int off, int len) {
        long h = K3 ^ (len * K1);
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            h ^= mixWord(Bytes.getLong(b, i));
            h = Long.rotateLeft(h, 27) * K1 + K2;
            i += 8;
        }
        long tail = 0;
        int shift = 0;
        while (i < end) {
            tail |= (b[i++] & 0xFFL) << shift;
            shift += 8;
        }
        h ^= mixWord(tail);
        h = Long.rotateLeft(h, 23) * K2 + K3;
        return avalanche(h);
    }

    private static long mixWord(long w) {
        return Long.rotateLeft(w * K2, 31) * K1;
    }

    private static long avalanche(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}

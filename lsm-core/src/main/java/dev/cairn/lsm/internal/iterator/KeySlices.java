// Internal-key order on array slices, for iterators that compare keys in place. Stateless and
// thread-safe.
package dev.cairn.lsm.internal.iterator;

import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.util.Bytes;
import java.util.Arrays;

/** Compares encoded internal keys held in slices of arrays. */
public final class KeySlices {
    private KeySlices() {
    }

    /**
     * Compares {@code a[aOff, aOff+aLen)} with {@code b[bOff, bOff+bLen)}, both encoded internal
     * keys (at least 8 bytes), in internal order: user key ascending, then trailer descending.
     */
    public static int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        int aUser = aOff + aLen - InternalKey.TRAILER;
        int bUser = bOff + bLen - InternalKey.TRAILER;
        int c = compareBytes(a, aOff, aUser, b, bOff, bUser);
        if (c != 0) {
            return c;
        }
        return Long.compareUnsigned(Bytes.getLong(b, bUser), Bytes.getLong(a, aUser));
    }

    /**
     * Compares {@code a[aFrom, aTo)} with {@code b[bFrom, bTo)} as unsigned bytes, like
     * {@link Arrays#compareUnsigned(byte[], int, int, byte[], int, int)} (the sign of the result
     * is the same), eight bytes at a time as big-endian longs: keys are short, and for them this
     * is a few loads and compares where the library call sets up a vectorised mismatch.
     */
    public static int compareBytes(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
        int aLen = aTo - aFrom;
        int bLen = bTo - bFrom;
        int n = Math.min(aLen, bLen);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long x = Bytes.getLong(a, aFrom + i);
            long y = Bytes.getLong(b, bFrom + i);
            if (x != y) {
                return Long.compareUnsigned(x, y);
            }
        }
        for (; i < n; i++) {
            int x = a[aFrom + i] & 0xFF;
            int y = b[bFrom + i] & 0xFF;
            if (x != y) {
                return x - y;
            }
        }
        return aLen - bLen;
    }
}

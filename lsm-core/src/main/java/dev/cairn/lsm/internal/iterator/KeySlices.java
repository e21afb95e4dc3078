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
        int c = Arrays.compareUnsigned(a, aOff, aUser, b, bOff, bUser);
        if (c != 0) {
            return c;
        }
        return Long.compareUnsigned(Bytes.getLong(b, bUser), Bytes.getLong(a, aUser));
    }
}

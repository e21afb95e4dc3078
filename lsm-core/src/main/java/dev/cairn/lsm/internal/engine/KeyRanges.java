// Half-open user-key ranges whose bounds may be open (null), compared as unsigned bytes. Stateless.
package dev.cairn.lsm.internal.engine;

import java.util.Arrays;

/** Overlap of half-open key ranges. */
final class KeyRanges {
    private KeyRanges() {
    }

    /** @return whether {@code [aFrom, aTo)} and {@code [bFrom, bTo)} share a key (null bounds are open) */
    static boolean overlap(byte[] aFrom, byte[] aTo, byte[] bFrom, byte[] bTo) {
        boolean aStartsBeforeBEnds = aFrom == null || bTo == null || Arrays.compareUnsigned(aFrom, bTo) < 0;
        boolean bStartsBeforeAEnds = bFrom == null || aTo == null || Arrays.compareUnsigned(bFrom, aTo) < 0;
        return aStartsBeforeBEnds && bStartsBeforeAEnds;
    }

    /** @return the larger of two range starts, null meaning unbounded below */
    static byte[] laterStart(byte[] a, byte[] b) {
        if (a == null) {
            return b;
        }
        return b == null || Arrays.compareUnsigned(a, b) >= 0 ? a : b;
    }
}

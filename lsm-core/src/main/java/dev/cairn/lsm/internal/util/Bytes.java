// Big-endian fixed-width integers in byte arrays. Stateless; thread-safe.
package dev.cairn.lsm.internal.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian fixed-width integers in byte arrays, through VarHandles (no bounds surprises). */
public final class Bytes {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    /** @return the big-endian long at {@code off} */
    public static long getLong(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }

    /**
     * @return the eight bytes from {@code from} as a big-endian long, taking bytes at or past
     *     {@code end} as zero (zero padding keeps unsigned order consistent with byte order)
     */
    public static long getLongPadded(byte[] b, int from, int end) {
        if (end - from >= 8) {
            return getLong(b, from);
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int at = from + i;
            v = (v << 8) | (at < end ? b[at] & 0xFF : 0);
        }
        return v;
    }

    /** Writes {@code v} big-endian at {@code off}. */
    public static void putLong(byte[] b, int off, long v) {
        LONG.set(b, off, v);
    }

    /** @return the big-endian int at {@code off} */
    public static int getInt(byte[] b, int off) {
        return (int) INT.get(b, off);
    }

    /** Writes {@code v} big-endian at {@code off}. */
    public static void putInt(byte[] b, int off, int v) {
        INT.set(b, off, v);
    }
}

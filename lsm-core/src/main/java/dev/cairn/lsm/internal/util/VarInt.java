// LEB128 unsigned varints, as in LevelDB. Stateless; thread-safe.
package dev.cairn.lsm.internal.util;

import dev.cairn.lsm.CorruptionException;

/** LEB128 unsigned variable-length integers (7 bits per byte, low bits first), as in LevelDB. */
public final class VarInt {
    private VarInt() {
    }

    /**
     * Writes {@code value} (treated as unsigned) at {@code off}.
     *
     * @return the offset after the last byte written
     */
    public static int writeUnsigned(byte[] buf, int off, long value) {
        while ((value & ~0x7FL) != 0) {
            buf[off++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[off++] = (byte) value;
        return off;
    }

    /** @return how many bytes {@link #writeUnsigned} uses for {@code value} */
    public static int size(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    /**
     * Reads a varint at {@code pos[0]}, advancing it; never reads at or past {@code limit}.
     *
     * @throws CorruptionException if the varint is truncated or longer than 10 bytes
     */
    public static long readUnsigned(byte[] buf, int[] pos, int limit) {
        long result = 0;
        int p = pos[0];
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= limit) {
                throw new CorruptionException("truncated varint at offset " + pos[0]);
            }
            byte b = buf[p++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                pos[0] = p;
                return result;
            }
        }
        throw new CorruptionException("varint longer than 10 bytes at offset " + pos[0]);
    }
}

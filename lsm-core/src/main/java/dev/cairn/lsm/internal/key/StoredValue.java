// The stored-value layout of every internal entry: varint write time, then the user value.
// Stateless; thread-safe.
package dev.cairn.lsm.internal.key;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.util.VarInt;
import java.util.Arrays;

/**
 * The value stored with every internal entry (memtable and tables): a varint write time in epoch
 * milliseconds, then the user value (empty for tombstones). The write time drives TTL and
 * time-window compaction.
 */
public final class StoredValue {
    private StoredValue() {
    }

    /** @return the stored form of {@code userValue} written at {@code writeTime} */
    public static byte[] encode(long writeTime, byte[] userValue) {
        int n = VarInt.size(writeTime);
        byte[] out = new byte[n + userValue.length];
        VarInt.writeUnsigned(out, 0, writeTime);
        System.arraycopy(userValue, 0, out, n, userValue.length);
        return out;
    }

    /** @return the write time of a stored value */
    public static long writeTime(byte[] stored) {
        return VarInt.readUnsigned(stored, new int[] {0}, stored.length);
    }

    /** @return the offset where the user value starts */
    public static int valueOffset(byte[] stored) {
        int[] pos = {0};
        VarInt.readUnsigned(stored, pos, stored.length);
        return pos[0];
    }

    /**
     * @return a copy of the user value
     * @throws CorruptionException if the write time is malformed
     */
    public static byte[] userValue(byte[] stored) {
        return Arrays.copyOfRange(stored, valueOffset(stored), stored.length);
    }

    /**
     * Decodes the varint write time that opens the stored value {@code a[off, off+len)}, in place.
     *
     * @throws CorruptionException if it is malformed
     */
    public static long writeTime(byte[] a, int off, int len) {
        long result = 0;
        int end = off + len;
        for (int p = off, shift = 0; shift < 64; shift += 7) {
            if (p >= end) {
                throw new CorruptionException("truncated write time in a stored value");
            }
            byte b = a[p++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new CorruptionException("write time longer than 10 bytes in a stored value");
    }

    /**
     * @return where the user value starts in the stored value {@code a[off, off+len)}
     * @throws CorruptionException if its write time is malformed
     */
    public static int userValueStart(byte[] a, int off, int len) {
        int end = Math.min(off + len, off + 10);
        for (int p = off; p < end; p++) {
            if (a[p] >= 0) {
                return p + 1;
            }
        }
        throw new CorruptionException("malformed write time in a stored value");
    }
}

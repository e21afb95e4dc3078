// A version of a key that a point read found, as a slice of bytes nobody writes any more.
// Immutable once made by its constructor; a holder made empty is refilled by its one owning
// thread (a point read reuses two per thread, so a hit allocates nothing). Not thread-safe.
package dev.cairn.lsm.internal.key;

import dev.cairn.lsm.internal.util.VarInt;
import java.util.Arrays;

/**
 * A version of a key that a point read found in a memtable or a table: the key's trailer
 * (sequence and kind) and its stored value, as a slice of an array nobody writes any more (a
 * decoded block, a memtable arena), so finding an entry copies nothing and the read copies only
 * the user value it returns. The user key is the reader's own array, not copied. An entry made
 * by {@link #FoundEntry(byte[], long, byte[], int, int)} never changes; one made by
 * {@link #FoundEntry()} is a holder its thread refills with {@link #set} (the engine's point read
 * keeps two per thread, so finding a version allocates nothing).
 */
public final class FoundEntry {
    private byte[] userKey;
    private long trailer;
    private byte[] data;
    private int offset;
    private int length;
    /**
     * A holder's block buffer: a point read that must read a data block the cache will not keep
     * reads it here, so the entry's bytes live as long as the holder is not refilled; null for
     * an entry that lends none.
     */
    private byte[] buffer;

    /** An empty entry for {@link #set}, lending no buffer. */
    public FoundEntry() {
    }

    /** @return an empty holder for {@link #set} that also lends a block buffer ({@link #buffer(int)}) */
    public static FoundEntry holder() {
        FoundEntry e = new FoundEntry();
        e.buffer = new byte[0];
        return e;
    }

    /**
     * @return this holder's buffer, grown to at least {@code size} bytes, for the block the next
     *     {@link #set} will point into; or null when this entry lends no buffer
     */
    public byte[] buffer(int size) {
        byte[] b = buffer;
        if (b != null && b.length < size) {
            b = new byte[Math.max(size, 2 * b.length)];
            buffer = b;
        }
        return b;
    }

    /**
     * @param userKey the key that was looked up (kept, not copied)
     * @param trailer the found version's trailer
     * @param data the array holding the stored value (must not change afterwards)
     * @param offset where the stored value starts
     * @param length its length
     */
    public FoundEntry(byte[] userKey, long trailer, byte[] data, int offset, int length) {
        this.userKey = userKey;
        this.trailer = trailer;
        this.data = data;
        this.offset = offset;
        this.length = length;
    }

    /**
     * Refills this holder (the arguments as the constructor's).
     *
     * @return this holder
     */
    public FoundEntry set(byte[] userKey, long trailer, byte[] data, int offset, int length) {
        this.userKey = userKey;
        this.trailer = trailer;
        this.data = data;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** @return the version's sequence number */
    public long sequence() {
        return trailer >>> 8;
    }

    /** @return the version's kind code ({@link ValueKind}) */
    public int kind() {
        return (int) (trailer & 0xFF);
    }

    /** @return the write time stored in front of the value */
    public long writeTime() {
        return VarInt.readUnsigned(data, new int[] {offset}, offset + length);
    }

    /**
     * @return a copy of the user value
     * @throws dev.cairn.lsm.CorruptionException if the write time is malformed
     */
    public byte[] userValue() {
        return Arrays.copyOfRange(data, userValueStart(), offset + length);
    }

    /**
     * @return where the user value starts: after the write time's varint (found without
     *     decoding it, and without the position array a decode takes)
     */
    private int userValueStart() {
        int end = offset + length;
        for (int p = offset; p < end && p < offset + 10; p++) {
            if (data[p] >= 0) {
                return p + 1;
            }
        }
        // malformed: let the decoder name the offset
        int[] pos = {offset};
        VarInt.readUnsigned(data, pos, end);
        return pos[0];
    }

    /** @return a fresh copy of the internal key (user key and trailer) */
    public byte[] internalKey() {
        return InternalKey.encode(userKey, sequence(), kind());
    }

    /** @return a fresh copy of the stored value (write time and user value) */
    public byte[] storedValue() {
        return Arrays.copyOfRange(data, offset, offset + length);
    }
}

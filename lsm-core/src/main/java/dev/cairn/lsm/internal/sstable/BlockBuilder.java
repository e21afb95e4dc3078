// Builds the contents of one block: prefix-compressed entries, then the restart array and count.
// Not thread-safe; owned by one TableBuilder. Keys must be added in increasing order (the caller
// checks); the builder only encodes.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.util.Bytes;
import dev.cairn.lsm.internal.util.VarInt;
import java.util.Arrays;

/**
 * Encodes entries as {@code varint shared, varint unshared, varint valueLen, key delta, value};
 * every {@code restartInterval}-th entry stores its full key and its offset goes into the restart
 * array written by {@link #finish()}: {@code int32 offset * n, int32 n} (big-endian). A builder
 * made with a hash index writes {@link BlockHashIndex}'s buckets after the restarts when the block
 * has at most {@link BlockHashIndex#MAX_RESTARTS} restarts, and flags the count.
 */
final class BlockBuilder {
    private final int restartInterval;
    private byte[] buf = new byte[4096];
    private int size;
    private int[] restarts = new int[16];
    private int restartCount;
    private int sinceRestart;
    private byte[] lastKey = new byte[64];
    private int lastKeyLength;
    private int entries;
    /** Collects the hash index while the block is built, or null for none. */
    private final BlockHashIndex hashIndex;

    /** @param restartInterval entries between restart points, at least 1 */
    BlockBuilder(int restartInterval) {
        this(restartInterval, false);
    }

    /**
     * @param restartInterval entries between restart points, at least 1
     * @param hashIndex whether blocks get a hash index (data blocks: keys are internal keys)
     */
    BlockBuilder(int restartInterval, boolean hashIndex) {
        this.restartInterval = restartInterval;
        this.hashIndex = hashIndex ? new BlockHashIndex() : null;
    }

    /** Appends an entry; {@code key} must sort after the previous one. */
    void add(byte[] key, byte[] value) {
        add(key, value, 0, value.length);
    }

    /** Appends an entry whose value is {@code value[valueOff, valueOff + valueLen)}. */
    void add(byte[] key, byte[] value, int valueOff, int valueLen) {
        int shared = 0;
        if (sinceRestart == restartInterval || entries == 0) {
            if (restartCount == restarts.length) {
                restarts = Arrays.copyOf(restarts, restartCount * 2);
            }
            restarts[restartCount++] = size;
            sinceRestart = 0;
        } else {
            int max = Math.min(lastKeyLength, key.length);
            int mismatch = Arrays.mismatch(lastKey, 0, max, key, 0, max);
            shared = mismatch < 0 ? max : mismatch;
        }
        int unshared = key.length - shared;
        ensure(15 + unshared + valueLen);
        size = VarInt.writeUnsigned(buf, size, shared);
        size = VarInt.writeUnsigned(buf, size, unshared);
        size = VarInt.writeUnsigned(buf, size, valueLen);
        System.arraycopy(key, shared, buf, size, unshared);
        size += unshared;
        System.arraycopy(value, valueOff, buf, size, valueLen);
        size += valueLen;
        if (lastKey.length < key.length) {
            lastKey = Arrays.copyOf(key, Math.max(key.length, lastKey.length * 2));
        } else {
            System.arraycopy(key, shared, lastKey, shared, unshared);
        }
        lastKeyLength = key.length;
        sinceRestart++;
        entries++;
        if (hashIndex != null) {
            long h = KeyHash.hash64(key, 0, key.length - InternalKey.TRAILER);
            hashIndex.add((int) (h >>> 32), restartCount - 1);
        }
    }

    /** @return the size the finished block would have */
    int estimatedSize() {
        return size + 4 * restartCount + 4 + (hashed() ? hashIndex.size() : 0);
    }

    /** @return whether {@link #finish} would write a hash index */
    private boolean hashed() {
        return hashIndex != null && entries > 0 && restartCount <= BlockHashIndex.MAX_RESTARTS;
    }

    /** @return entries added since the last reset */
    int entries() {
        return entries;
    }

    /** @return whether no entry was added since the last reset */
    boolean isEmpty() {
        return entries == 0;
    }

    /**
     * Appends the restart array and count.
     *
     * @return the internal buffer; the block is its first {@link #length()} bytes, valid until
     *     {@link #reset()}
     */
    byte[] finish() {
        boolean hashed = hashed();
        ensure(4 * restartCount + 4 + (hashed ? hashIndex.size() : 0));
        for (int i = 0; i < restartCount; i++) {
            Bytes.putInt(buf, size, restarts[i]);
            size += 4;
        }
        if (hashed) {
            size = hashIndex.write(buf, size);
        }
        Bytes.putInt(buf, size, hashed ? restartCount | BlockHashIndex.FLAG : restartCount);
        size += 4;
        return buf;
    }

    /** @return bytes written so far (the whole block after {@link #finish()}) */
    int length() {
        return size;
    }

    /** Clears the builder for the next block, keeping its buffers. */
    void reset() {
        size = 0;
        restartCount = 0;
        sinceRestart = 0;
        lastKeyLength = 0;
        entries = 0;
        if (hashIndex != null) {
            hashIndex.reset();
        }
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}

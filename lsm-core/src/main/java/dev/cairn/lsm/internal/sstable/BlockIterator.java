// Iterates one Block in both directions. Not thread-safe (one owner); the Block it reads is
// shared and immutable. Seeks binary-search the restart points comparing keys in place in the
// block array, then scan linearly. Keys are rebuilt in a private buffer; key() and value() copy
// lazily, so positioning allocates nothing.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.util.Bytes;
import java.util.Arrays;

/** An {@link InternalIterator} over the entries of one {@link Block} (keys are internal keys). */
public final class BlockIterator implements InternalIterator {
    private Block block;
    private byte[] data;
    private int restartsOffset;
    /** Offset of the current entry; equals restartsOffset when not valid. */
    private int current;
    /** Offset just after the current entry. */
    private int nextOffset;
    private int restartIndex;
    private byte[] keyBuf = new byte[32];
    private int keyLength;
    private int valueOffset;
    private int valueLength;
    private byte[] keyCopy;
    private byte[] valueCopy;
    // Scratch for header decoding (avoids int[] allocation per entry).
    private int headerEnd;

    BlockIterator(Block block) {
        reset(block);
    }

    /** Re-targets this iterator at another block; it is left unpositioned. */
    void reset(Block newBlock) {
        this.block = newBlock;
        this.data = newBlock.data();
        this.restartsOffset = newBlock.restartsOffset();
        invalidate();
    }

    @Override
    public boolean isValid() {
        return current < restartsOffset;
    }

    @Override
    public void seekToFirst() {
        if (block.restartCount() == 0) {
            invalidate();
            return;
        }
        seekToRestart(0);
        parseNext();
    }

    @Override
    public void seekToLast() {
        if (block.restartCount() == 0) {
            invalidate();
            return;
        }
        seekToRestart(block.restartCount() - 1);
        while (parseNext() && nextOffset < restartsOffset) {
            // advance to the final entry
        }
    }

    @Override
    public void seek(byte[] target) {
        int n = block.restartCount();
        if (n == 0) {
            invalidate();
            return;
        }
        // Last restart point whose key is < target (or 0).
        int left = 0;
        int right = n - 1;
        while (left < right) {
            int mid = (left + right + 1) >>> 1;
            if (compareRestartKey(mid, target) < 0) {
                left = mid;
            } else {
                right = mid - 1;
            }
        }
        seekToRestart(left);
        while (parseNext()) {
            if (compareCurrent(target) >= 0) {
                return;
            }
        }
    }

    @Override
    public void seekForPrev(byte[] target) {
        seek(target);
        if (!isValid()) {
            seekToLast();
        } else if (compareCurrent(target) > 0) {
            prev();
        }
    }

    @Override
    public void next() {
        requireValid();
        parseNext();
    }

    @Override
    public void prev() {
        requireValid();
        int original = current;
        while (block.restartOffset(restartIndex) >= original) {
            if (restartIndex == 0) {
                invalidate();
                return;
            }
            restartIndex--;
        }
        seekToRestart(restartIndex);
        while (parseNext() && nextOffset < original) {
            // advance to the entry just before the original one
        }
    }

    @Override
    public byte[] key() {
        requireValid();
        if (keyCopy == null) {
            keyCopy = Arrays.copyOf(keyBuf, keyLength);
        }
        return keyCopy;
    }

    @Override
    public byte[] value() {
        requireValid();
        if (valueCopy == null) {
            valueCopy = Arrays.copyOfRange(data, valueOffset, valueOffset + valueLength);
        }
        return valueCopy;
    }

    @Override
    public void close() {
        // nothing to release: the block is shared
    }

    // --- package-private in-place access for the table reader ---

    byte[] keyBuffer() {
        return keyBuf;
    }

    int keyLength() {
        return keyLength;
    }

    byte[] valueArray() {
        return data;
    }

    int valueOffset() {
        return valueOffset;
    }

    int valueLength() {
        return valueLength;
    }

    /** Compares the current key with {@code target} in internal order, in place. */
    int compareCurrent(byte[] target) {
        return compareInternal(keyBuf, 0, keyLength, target);
    }

    /** Whether the current key's user key equals {@code userKey}. */
    boolean currentUserKeyEquals(byte[] userKey) {
        return Arrays.equals(keyBuf, 0, keyLength - InternalKey.TRAILER, userKey, 0, userKey.length);
    }

    static int compareInternal(byte[] a, int off, int len, byte[] b) {
        int userEnd = off + len - InternalKey.TRAILER;
        int c = Arrays.compareUnsigned(a, off, userEnd, b, 0, b.length - InternalKey.TRAILER);
        if (c != 0) {
            return c;
        }
        return Long.compareUnsigned(Bytes.getLong(b, b.length - InternalKey.TRAILER), Bytes.getLong(a, userEnd));
    }

    private void invalidate() {
        current = restartsOffset;
        nextOffset = restartsOffset;
        restartIndex = 0;
        keyLength = 0;
        keyCopy = null;
        valueCopy = null;
    }

    private void requireValid() {
        if (!isValid()) {
            throw new IllegalStateException("block iterator is not positioned on an entry");
        }
    }

    private void seekToRestart(int index) {
        restartIndex = index;
        keyLength = 0;
        nextOffset = block.restartOffset(index);
    }

    private int compareRestartKey(int index, byte[] target) {
        int p = block.restartOffset(index);
        long shared = readVarint(p);
        long unshared = readVarint(headerEnd);
        long vlen = readVarint(headerEnd);
        int keyStart = headerEnd;
        if (shared != 0 || unshared < InternalKey.TRAILER || keyStart + unshared + vlen > restartsOffset) {
            throw block.corrupt("bad restart entry at block offset " + p);
        }
        return compareInternal(data, keyStart, (int) unshared, target);
    }

    /** Decodes the entry at nextOffset; returns false (and invalidates) at the end. */
    private boolean parseNext() {
        keyCopy = null;
        valueCopy = null;
        int p = nextOffset;
        if (p >= restartsOffset) {
            invalidate();
            return false;
        }
        long shared = readVarint(p);
        long unshared = readVarint(headerEnd);
        long vlen = readVarint(headerEnd);
        int q = headerEnd;
        long keyLen = shared + unshared;
        if (shared > keyLength || keyLen < InternalKey.TRAILER || q + unshared + vlen > restartsOffset) {
            throw block.corrupt("bad entry at block offset " + p);
        }
        if (keyLen > keyBuf.length) {
            keyBuf = Arrays.copyOf(keyBuf, (int) Math.max(keyLen, keyBuf.length * 2L));
        }
        System.arraycopy(data, q, keyBuf, (int) shared, (int) unshared);
        keyLength = (int) keyLen;
        valueOffset = q + (int) unshared;
        valueLength = (int) vlen;
        current = p;
        nextOffset = valueOffset + valueLength;
        while (restartIndex + 1 < block.restartCount() && block.restartOffset(restartIndex + 1) <= current) {
            restartIndex++;
        }
        return true;
    }

    /** Reads a varint at {@code p} bounded by the restart array; sets headerEnd. */
    private long readVarint(int p) {
        int limit = restartsOffset;
        if (p < limit) {
            byte b = data[p];
            if (b >= 0) {
                headerEnd = p + 1;
                return b;
            }
        }
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (p >= limit) {
                throw block.corrupt("truncated varint at block offset " + p);
            }
            byte b = data[p++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                headerEnd = p;
                return result;
            }
        }
        throw block.corrupt("oversized varint at block offset " + p);
    }
}

// Iterates one Block in both directions. Not thread-safe (one owner); the Block it reads is
// shared and immutable. Seeks binary-search the restart points comparing keys in place in the
// block array, then scan linearly. Keys are rebuilt in a private buffer and exposed in place
// (SliceIterator), values as slices of the block; key() and value() copy lazily, so positioning
// allocates nothing. Moving backward decodes the restart interval before the current entry once
// and remembers its entries, so a reverse walk costs one decode per entry, not one per restart
// interval.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.internal.iterator.KeySlices;
import dev.cairn.lsm.internal.iterator.SliceIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import java.util.Arrays;

/** A {@link SliceIterator} over the entries of one {@link Block} (keys are internal keys). */
public final class BlockIterator extends SliceIterator {
    private static final int[] EMPTY = new int[0];
    private static final byte[] NO_BYTES = new byte[0];
    private Block block;
    private byte[] data;
    private int restartsOffset;
    /** Offset of the current entry; equals restartsOffset when not valid. */
    private int current;
    /** Offset just after the current entry. */
    private int nextOffset;
    private int restartIndex;
    /** Offset of restart point restartIndex + 1 (MAX_VALUE when none): parseNext's cheap check. */
    private int nextRestart;
    /** The current key is keyBuf[0, keyLength); keyArray (inherited) always names keyBuf. */
    private byte[] keyBuf = new byte[32];
    private byte[] keyCopy;
    private byte[] valueCopy;
    // Scratch for header decoding (avoids int[] allocation per entry).
    private int headerEnd;
    // Entries of the restart interval last decoded backward (prev, seekToLast), in block order:
    // entry start, end, value slice, and full key (a slice of intervalKeys). intervalPos is the
    // cached entry the iterator sits on; the cache is used only while current matches it.
    private int intervalCount;
    private int intervalPos;
    // Allocated on the first backward step (point lookups and forward scans never need them).
    private int[] intervalStart = EMPTY;
    private int[] intervalEnd = EMPTY;
    private int[] intervalValueOffset = EMPTY;
    private int[] intervalValueLength = EMPTY;
    private int[] intervalKeyStart = EMPTY;
    private int[] intervalKeyLength = EMPTY;
    private byte[] intervalKeys = NO_BYTES;

    BlockIterator(Block block) {
        keyArray = keyBuf;
        reset(block);
    }

    /** Re-targets this iterator at another block; it is left unpositioned. */
    void reset(Block newBlock) {
        this.block = newBlock;
        this.data = newBlock.data();
        this.valueArray = data;
        this.restartsOffset = newBlock.restartsOffset();
        intervalCount = 0;
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
        decodeInterval(block.restartCount() - 1, restartsOffset);
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
        RestartPrefixes prefixes = block.restartPrefixes();
        if (prefixes != null) {
            long range = prefixes.narrow(target);
            left = (int) (range >>> 32);
            right = (int) range;
        }
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

    /**
     * {@link #seek} for a point lookup: lands on the same entry whenever it has the target's user
     * key, using the block's hash index when it has one (then it scans only the restart interval
     * the key's bucket names), and is left invalid when the index says no entry has that key.
     *
     * @param keyHash {@link KeyHash#hash64} of the target's user key
     */
    void seekForGet(byte[] target, long keyHash) {
        int r = block.hashedRestart(keyHash);
        if (r == Block.NO_HASH) {
            seek(target);
            return;
        }
        if (r == Block.ABSENT) {
            invalidate();
            return;
        }
        // Every entry of the user key lies in interval r, and every entry before it has a
        // smaller user key, so the first entry at or after the target is found from r on.
        seekToRestart(r);
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

    /**
     * {@link #next()} for an owner that knows this iterator is valid (a table iterator's step).
     *
     * @return whether there is a next entry in this block
     */
    boolean advance() {
        return parseNext();
    }

    @Override
    public void prev() {
        requireValid();
        int pos = intervalPos;
        if (pos > 0 && pos < intervalCount && intervalStart[pos] == current) {
            restoreInterval(pos - 1);
            return;
        }
        int original = current;
        while (block.restartOffset(restartIndex) >= original) {
            if (restartIndex == 0) {
                invalidate();
                return;
            }
            restartIndex--;
        }
        decodeInterval(restartIndex, original);
    }

    /**
     * Decodes the entries from restart point {@code restart} up to the last one that starts
     * before {@code limit}, remembering each, and stays on that last one.
     */
    private void decodeInterval(int restart, int limit) {
        seekToRestart(restart);
        int n = 0;
        int keyBytes = 0;
        while (parseNext()) {
            if (n == intervalStart.length) {
                growInterval();
            }
            if (keyBytes + keyLength > intervalKeys.length) {
                intervalKeys = Arrays.copyOf(intervalKeys, Math.max(Math.max(keyBytes + keyLength, 512),
                        intervalKeys.length * 2));
            }
            System.arraycopy(keyBuf, 0, intervalKeys, keyBytes, keyLength);
            intervalStart[n] = current;
            intervalEnd[n] = nextOffset;
            intervalValueOffset[n] = valueOffset;
            intervalValueLength[n] = valueLength;
            intervalKeyStart[n] = keyBytes;
            intervalKeyLength[n] = keyLength;
            keyBytes += keyLength;
            n++;
            if (nextOffset >= limit) {
                break;
            }
        }
        intervalCount = n;
        intervalPos = n - 1;
    }

    private void growInterval() {
        int m = Math.max(16, intervalStart.length * 2);
        intervalStart = Arrays.copyOf(intervalStart, m);
        intervalEnd = Arrays.copyOf(intervalEnd, m);
        intervalValueOffset = Arrays.copyOf(intervalValueOffset, m);
        intervalValueLength = Arrays.copyOf(intervalValueLength, m);
        intervalKeyStart = Arrays.copyOf(intervalKeyStart, m);
        intervalKeyLength = Arrays.copyOf(intervalKeyLength, m);
    }

    /** Moves to cached entry {@code i} of the current restart interval. */
    private void restoreInterval(int i) {
        keyCopy = null;
        valueCopy = null;
        int len = intervalKeyLength[i];
        System.arraycopy(intervalKeys, intervalKeyStart[i], keyBuf, 0, len);
        keyLength = len;
        current = intervalStart[i];
        nextOffset = intervalEnd[i];
        valueOffset = intervalValueOffset[i];
        valueLength = intervalValueLength[i];
        intervalPos = i;
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

    /** Positions on the entry at restart point {@code i} (which must exist). */
    void positionAtRestart(int i) {
        seekToRestart(i);
        parseNext();
    }

    /** @return the offset in the block of the current entry (its restart offset, when it is one) */
    int entryOffset() {
        return current;
    }

    /** Compares the current key with {@code target} in internal order, in place. */
    int compareCurrent(byte[] target) {
        return compareInternal(keyBuf, 0, keyLength, target);
    }

    /** Whether the current key's user key equals {@code userKey}. */
    boolean currentUserKeyEquals(byte[] userKey) {
        return Arrays.equals(keyBuf, 0, keyLength - InternalKey.TRAILER, userKey, 0, userKey.length);
    }

    private static int compareInternal(byte[] a, int off, int len, byte[] b) {
        return KeySlices.compare(a, off, len, b, 0, b.length);
    }

    private void invalidate() {
        intervalPos = -1;
        current = restartsOffset;
        nextOffset = restartsOffset;
        restartIndex = 0;
        nextRestart = 0;
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
        nextRestart = index + 1 < block.restartCount() ? block.restartOffset(index + 1) : Integer.MAX_VALUE;
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

    /**
     * Decodes the entry at nextOffset; returns false (and invalidates) at the end. This is the
     * per-entry step of every scan, so it is kept small enough for the JIT to inline into its
     * callers: the usual entry (three one-byte header varints, a key that fits the buffer, all in
     * bounds) is decoded here, anything else by {@link #parseNextGeneral}.
     */
    private boolean parseNext() {
        if (keyCopy != null || valueCopy != null) {
            dropCopies();
        }
        int p = nextOffset;
        int q = p + 3;
        byte[] d = data;
        if (q > restartsOffset) {
            return parseNextGeneral(p);
        }
        int shared = d[p];
        int unshared = d[p + 1];
        int vlen = d[p + 2];
        int keyLen = shared + unshared;
        int valueStart = q + unshared;
        if ((shared | unshared | vlen) < 0 || shared > keyLength || keyLen < InternalKey.TRAILER
                || keyLen > keyBuf.length || valueStart + vlen > restartsOffset) {
            return parseNextGeneral(p);
        }
        take(p, q, shared, unshared, vlen);
        return true;
    }

    /** Makes the checked entry at {@code p} (its key suffix at {@code q}) the current one. */
    private void take(int p, int q, int shared, int unshared, int vlen) {
        System.arraycopy(data, q, keyBuf, shared, unshared);
        keyLength = shared + unshared;
        valueOffset = q + unshared;
        valueLength = vlen;
        current = p;
        nextOffset = q + unshared + vlen;
        if (p >= nextRestart) {
            advanceRestart();
        }
    }

    /** Forgets the copies key() and value() made (only then: a reference store costs a GC barrier). */
    private void dropCopies() {
        keyCopy = null;
        valueCopy = null;
    }

    /** {@link #parseNext} for any entry: multi-byte varints, a key longer than the buffer, the end, damage. */
    private boolean parseNextGeneral(int p) {
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
            keyArray = keyBuf;
        }
        take(p, q, (int) shared, (int) unshared, (int) vlen);
        return true;
    }

    /** Moves restartIndex to the interval holding the current entry; updates nextRestart. */
    private void advanceRestart() {
        int n = block.restartCount();
        while (restartIndex + 1 < n && block.restartOffset(restartIndex + 1) <= current) {
            restartIndex++;
        }
        nextRestart = restartIndex + 1 < n ? block.restartOffset(restartIndex + 1) : Integer.MAX_VALUE;
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

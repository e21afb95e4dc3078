// Reads a table's bloom filter block (see BloomFilterBuilder for the layout). Immutable after
// construction; thread-safe.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.CorruptionException;

/** Answers "may this table hold user key k?" with no false negatives. */
public final class BloomFilter {
    private final byte[] bits;
    private final long bitCount;
    private final int probes;

    /**
     * @param block filter block contents
     * @param length contents length
     * @param fileName for corruption messages
     * @param offset file offset of the block, for corruption messages
     */
    BloomFilter(byte[] block, int length, String fileName, long offset) {
        if (length < 1) {
            throw new CorruptionException(fileName + ": empty filter block at offset " + offset);
        }
        int k = block[length - 1] & 0xFF;
        if (k < 1 || k > 30) {
            throw new CorruptionException(fileName + ": bad filter probe count " + k + " at offset " + offset);
        }
        this.bits = block;
        this.bitCount = (long) (length - 1) * 8;
        this.probes = k;
    }

    /** @return false only when user key {@code key[off, off + len)} is certainly absent */
    public boolean mayContain(byte[] key, int off, int len) {
        if (bitCount == 0) {
            return true;
        }
        long h = KeyHash.hash64(key, off, len);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32);
        for (int j = 0; j < probes; j++) {
            int bit = bitIndex(h1 + j * h2, bitCount);
            if ((bits[bit >>> 3] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Maps a 32-bit probe value onto {@code [0, bitCount)} by multiply-shift. */
    static int bitIndex(int probe, long bitCount) {
        return (int) (((probe & 0xFFFFFFFFL) * bitCount) >>> 32);
    }
}

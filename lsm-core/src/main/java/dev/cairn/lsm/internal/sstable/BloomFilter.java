// Reads a table's bloom filter block of either kind (docs/format.md, "Filter block"): the
// cache-line-blocked kind every current builder writes, or the flat kind of older tables. The
// last byte says which. Immutable after construction; thread-safe. mayContain allocates nothing.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.CorruptionException;

/** Answers "may this table hold user key k?" with no false negatives. */
public final class BloomFilter {
    /** Bytes in one block of a blocked filter: one 64-byte cache line. */
    static final int BLOCK_BYTES = 64;
    /** Bits in one block of a blocked filter. */
    public static final int BLOCK_BITS = BLOCK_BYTES * 8;
    /** Set in the last byte of a blocked filter; the low 7 bits hold k. A flat filter's last byte is k alone. */
    static final int BLOCKED_MARKER = 0x80;
    /** Largest probe count either kind accepts. */
    static final int MAX_PROBES = 30;
    /**
     * Odd multiplier that moves a blocked filter's probe state from one probe to the next (the
     * 32-bit golden ratio, 2^32 / phi). Multiplying by an odd number permutes the 32-bit values,
     * and the top bits of the product depend on every bit of the state, so successive top-9-bit
     * windows behave like fresh random picks; BlockedBloomFilterSpec measures their spread.
     */
    public static final int PROBE_MULTIPLIER = 0x9E3779B9;

    private final byte[] bits;
    private final boolean blocked;
    private final long bitCount;
    private final int blockCount;
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
        int marker = block[length - 1] & 0xFF;
        int bitBytes = length - 1;
        this.bits = block;
        if ((marker & BLOCKED_MARKER) != 0) {
            int k = marker & ~BLOCKED_MARKER;
            if (k < 1 || k > MAX_PROBES) {
                throw new CorruptionException(fileName + ": bad filter marker 0x" + Integer.toHexString(marker)
                        + " at offset " + offset);
            }
            if (bitBytes == 0 || bitBytes % BLOCK_BYTES != 0) {
                throw new CorruptionException(fileName + ": blocked filter of " + bitBytes
                        + " bytes is not a positive multiple of " + BLOCK_BYTES + " at offset " + offset);
            }
            this.blocked = true;
            this.blockCount = bitBytes / BLOCK_BYTES;
            this.bitCount = (long) bitBytes * 8;
            this.probes = k;
        } else {
            if (marker < 1 || marker > MAX_PROBES) {
                throw new CorruptionException(fileName + ": bad filter probe count " + marker + " at offset " + offset);
            }
            this.blocked = false;
            this.blockCount = 0;
            this.bitCount = (long) bitBytes * 8;
            this.probes = marker;
        }
    }

    /** @return false only when user key {@code key[off, off + len)} is certainly absent */
    public boolean mayContain(byte[] key, int off, int len) {
        return mayContain(KeyHash.hash64(key, off, len));
    }

    /** @return false only when the user key whose {@link KeyHash#hash64} is {@code h} is certainly absent */
    public boolean mayContain(long h) {
        return blocked ? mayContainBlocked(h) : mayContainFlat(h);
    }

    /** Every probe reads the one 64-byte block the low hash half picks; no early exit, so no mispredicted branch. */
    private boolean mayContainBlocked(long h) {
        int base = blockOffset(h, blockCount);
        int state = (int) (h >>> 32);
        int all = 1;
        for (int j = 0; j < probes; j++) {
            int bit = state >>> 23;
            all &= bits[base + (bit >>> 3)] >> (bit & 7);
            state *= PROBE_MULTIPLIER;
        }
        return (all & 1) != 0;
    }

    /** The layout of tables written before blocked filters; unchanged. */
    private boolean mayContainFlat(long h) {
        if (bitCount == 0) {
            return true;
        }
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

    /** @return true for the blocked kind, false for the flat kind (tests and diagnostics) */
    boolean blocked() {
        return blocked;
    }

    /** @return the probe count k */
    int probes() {
        return probes;
    }

    /**
     * @return the byte offset of the block key hash {@code h} falls in: the low 32 bits of
     *     {@code h} mapped onto {@code [0, blockCount)} by multiply-shift, times 64
     */
    public static int blockOffset(long h, int blockCount) {
        return (int) (((h & 0xFFFFFFFFL) * blockCount) >>> 32) * BLOCK_BYTES;
    }

    /** Maps a 32-bit probe value onto {@code [0, bitCount)} by multiply-shift (flat kind). */
    static int bitIndex(int probe, long bitCount) {
        return (int) (((probe & 0xFFFFFFFFL) * bitCount) >>> 32);
    }
}

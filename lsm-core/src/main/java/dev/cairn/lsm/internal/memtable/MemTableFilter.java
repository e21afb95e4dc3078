// A bloom filter over the user keys of one memtable, so a point read skips the skiplist search
// (a cache miss per level of the list) when the memtable cannot hold the key. In memory only,
// never written to disk. One writer (the memtable's) sets bits with plain stores before the
// entry is published; a reader only needs the bits of entries its sequence number can see, and
// it sees them through the same publication (the volatile last sequence) that makes the entry
// visible. Sized once: more keys than planned only raise the false-positive rate.
package dev.cairn.lsm.internal.memtable;

import dev.cairn.lsm.internal.sstable.BloomFilter;
import dev.cairn.lsm.internal.sstable.KeyHash;

/**
 * A cache-line-blocked bloom filter with the table filter's block choice and probe sequence
 * ({@link BloomFilter#blockOffset}, {@link BloomFilter#PROBE_MULTIPLIER}): a key's hash picks one
 * 512-bit block (eight longs) and all {@value #PROBES} probes fall inside it, so a lookup touches
 * one or two cache lines. Held in longs rather than bytes, as only memory ever sees it.
 */
final class MemTableFilter {
    /** Probes per key: about right for the 8–10 bits per key a memtable of typical entries gets. */
    static final int PROBES = 6;
    private static final int BLOCK_BITS = BloomFilter.BLOCK_BITS;
    /** Bits planned per memtable byte: one key of a 130-byte entry gets about 8 bits. */
    private static final int BYTES_PER_BIT = 16;
    private static final long MIN_BITS = 4096;
    private static final long MAX_BITS = 1L << 30;

    private final long[] words;
    private final int blocks;

    /** @param memtableBytes the memtable's planned size; the filter gets one bit per 16 of its bytes */
    MemTableFilter(long memtableBytes) {
        long bits = Math.min(MAX_BITS, Math.max(MIN_BITS, memtableBytes / BYTES_PER_BIT));
        this.blocks = (int) ((bits + BLOCK_BITS - 1) / BLOCK_BITS);
        this.words = new long[blocks * (BLOCK_BITS / 64)];
    }

    /** Records the user key whose {@link KeyHash#hash64} is {@code h}. Single writer. */
    void add(long h) {
        int base = blockBase(h);
        int x = (int) (h >>> 32);
        for (int j = 0; j < PROBES; j++) {
            int bit = x >>> 23;
            words[base + (bit >>> 6)] |= 1L << bit;
            x *= BloomFilter.PROBE_MULTIPLIER;
        }
    }

    /** @return false only when the user key whose hash is {@code h} was certainly never added */
    boolean mayContain(long h) {
        int base = blockBase(h);
        int x = (int) (h >>> 32);
        for (int j = 0; j < PROBES; j++) {
            int bit = x >>> 23;
            if ((words[base + (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
            x *= BloomFilter.PROBE_MULTIPLIER;
        }
        return true;
    }

    /** @return the index of the first word of the block the hash's low 32 bits pick */
    private int blockBase(long h) {
        return BloomFilter.blockOffset(h, blocks) / Long.BYTES;
    }
}

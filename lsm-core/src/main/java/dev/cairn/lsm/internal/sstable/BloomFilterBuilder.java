// Collects user-key hashes while a table is written and encodes the table's bloom filter block,
// always of the blocked kind. Not thread-safe; owned by one TableBuilder.
package dev.cairn.lsm.internal.sstable;

import java.util.Arrays;

/**
 * Builds a whole-table, cache-line-blocked bloom filter over user keys. Block layout: {@code n}
 * 64-byte blocks of bits (bit {@code i} of the array is {@code byte[i >>> 3] & (1 << (i & 7))}),
 * then one byte {@code 0x80 | k}. A key with hash {@code h} = {@link KeyHash#hash64} lives in
 * block {@code (h & 0xFFFFFFFF) * n >>> 32}; with {@code s = h >>> 32} (32 bits), probe
 * {@code j} sets bit {@code s_j >>> 23} of that block, where {@code s_0 = s} and
 * {@code s_(j+1) = s_j * 0x9E3779B9 mod 2^32}. See docs/format.md, "Filter block".
 */
final class BloomFilterBuilder {
    /**
     * Probe count by bits per key (index = bits per key, 1..64), for the blocked layout. A blocked
     * filter is a little worse than a flat one of the same size because blocks fill unevenly (a
     * block's key count is Poisson with mean 512 / bitsPerKey), and the uneven fill moves the best
     * k below the flat round(bitsPerKey * ln 2). Each entry is the smallest k whose modelled
     * false-positive rate, sum over n of Poisson(n; 512 / bitsPerKey) * (1 - (1 - 1/512)^(n*k))^k,
     * is within 1% of the best k's; fewer probes are cheaper and the rate is the same. At 10
     * bits per key that is k = 6 (flat used 7): modelled 0.958% against 0.957% for k = 7.
     */
    private static final byte[] PROBES_BY_BITS_PER_KEY = {
        0, 1, 1, 2, 3, 3, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 11, 12, 12, 12, 13, 13, 13,
        14, 14, 14, 14, 15, 15, 15, 15, 16, 16, 16, 16, 16, 17, 17, 17, 17, 17, 17, 18, 18, 18, 18,
        18, 18, 19, 19, 19, 19, 19, 19, 19, 20, 20, 20, 20, 20,
    };
    /** Caps the filter at 2^31 bits so every bit index fits an int (about 256 MiB; never near in practice). */
    private static final long MAX_BLOCKS = Integer.MAX_VALUE / BloomFilter.BLOCK_BITS;

    private final int bitsPerKey;
    private long[] hashes = new long[1024];
    private int count;

    BloomFilterBuilder(int bitsPerKey) {
        this.bitsPerKey = bitsPerKey;
    }

    /** Adds the user key {@code key[off, off + len)}. */
    void add(byte[] key, int off, int len) {
        if (count == hashes.length) {
            hashes = Arrays.copyOf(hashes, count * 2);
        }
        hashes[count++] = KeyHash.hash64(key, off, len);
    }

    /** @return the encoded filter block: at least one 64-byte block, then the marker byte */
    byte[] finish() {
        long wantedBits = Math.max(BloomFilter.BLOCK_BITS, (long) count * bitsPerKey);
        int blocks = (int) Math.min((wantedBits + BloomFilter.BLOCK_BITS - 1) / BloomFilter.BLOCK_BITS, MAX_BLOCKS);
        int k = probes(bitsPerKey);
        byte[] out = new byte[blocks * BloomFilter.BLOCK_BYTES + 1];
        for (int i = 0; i < count; i++) {
            long h = hashes[i];
            int base = BloomFilter.blockOffset(h, blocks);
            int state = (int) (h >>> 32);
            for (int j = 0; j < k; j++) {
                int bit = state >>> 23;
                out[base + (bit >>> 3)] |= (byte) (1 << (bit & 7));
                state *= BloomFilter.PROBE_MULTIPLIER;
            }
        }
        out[out.length - 1] = (byte) (BloomFilter.BLOCKED_MARKER | k);
        return out;
    }

    /** @return the blocked layout's probe count for a bits-per-key budget, in [1, 20] */
    static int probes(int bitsPerKey) {
        int i = Math.max(1, Math.min(PROBES_BY_BITS_PER_KEY.length - 1, bitsPerKey));
        return PROBES_BY_BITS_PER_KEY[i];
    }
}

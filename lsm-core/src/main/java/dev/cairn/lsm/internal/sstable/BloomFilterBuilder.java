// Collects user-key hashes while a table is written and encodes the table's bloom filter block.
// Not thread-safe; owned by one TableBuilder.
package dev.cairn.lsm.internal.sstable;

import java.util.Arrays;

/**
 * Builds a whole-table bloom filter over user keys. Block layout: {@code m/8} bytes of bits (bit
 * {@code i} is {@code byte[i >>> 3] & (1 << (i & 7))}), then {@code uint8 k} (probe count).
 * Probe {@code j} of a key with hash {@code h} sets bit
 * {@code ((h1 + j * h2) mod 2^32) * m >>> 32} where {@code h1} and {@code h2} are the low and high
 * 32 bits of {@link KeyHash#hash64}.
 */
final class BloomFilterBuilder {
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

    /** @return the encoded filter block */
    byte[] finish() {
        long wanted = Math.max(64L, (long) count * bitsPerKey);
        long bits = Math.min((wanted + 63) / 64 * 64, (long) Integer.MAX_VALUE - 63);
        int k = probes(bitsPerKey);
        byte[] out = new byte[(int) (bits / 8) + 1];
        for (int i = 0; i < count; i++) {
            long h = hashes[i];
            int h1 = (int) h;
            int h2 = (int) (h >>> 32);
            for (int j = 0; j < k; j++) {
                int bit = BloomFilter.bitIndex(h1 + j * h2, bits);
                out[bit >>> 3] |= (byte) (1 << (bit & 7));
            }
        }
        out[out.length - 1] = (byte) k;
        return out;
    }

    /** @return the probe count for a bits-per-key budget: round(bits * ln 2), in [1, 30] */
    static int probes(int bitsPerKey) {
        return (int) Math.max(1, Math.min(30, Math.round(bitsPerKey * 0.69314718056)));
    }
}

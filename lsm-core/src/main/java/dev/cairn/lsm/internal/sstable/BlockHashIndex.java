// The data-block hash index (docs/format.md, "Data-block hash index"), RocksDB's
// kDataBlockBinaryAndHash: a byte per bucket after a data block's restart array, naming the
// restart interval that holds every entry of the user keys hashed there, so a point lookup scans
// one interval instead of binary-searching the restarts. This class is the layout's one owner:
// the builder side collects (hash, restart) pairs while a block is built and writes the buckets;
// the reader side is the bucket function and the reserved byte values. Not thread-safe (one
// BlockBuilder owns an instance); the static parts are pure.
package dev.cairn.lsm.internal.sstable;

import java.util.Arrays;

/** Collects and writes one data block's hash index. */
final class BlockHashIndex {
    /** Set in a block's last uint32 (restart count) when a hash index follows the restarts. */
    static final int FLAG = 0x80000000;
    /** A bucket no user key hashed to: the block holds none of them. */
    static final int EMPTY = 255;
    /** A bucket whose keys lie in more than one restart interval: binary-search instead. */
    static final int COLLISION = 254;
    /** The most restarts a bucket byte can name; a block with more gets no hash index. */
    static final int MAX_RESTARTS = 253;
    /** The most buckets the uint16 count can say. */
    static final int MAX_BUCKETS = 0xFFFF;

    private int[] hashes = new int[64];
    private int[] restarts = new int[64];
    private int count;

    /** Records an entry: {@code hash} is the high half of its user key's {@link KeyHash#hash64}, in restart interval {@code restart}. */
    void add(int hash, int restart) {
        if (count == hashes.length) {
            hashes = Arrays.copyOf(hashes, count * 2);
            restarts = Arrays.copyOf(restarts, count * 2);
        }
        hashes[count] = hash;
        restarts[count] = restart;
        count++;
    }

    /** @return the bytes {@link #write} adds for the entries so far */
    int size() {
        return buckets(count) + 2;
    }

    /** Forgets the entries, for the next block. */
    void reset() {
        count = 0;
    }

    /**
     * Writes the buckets and their uint16 count at {@code off} ({@link #size} bytes must fit).
     *
     * @return the offset after them
     */
    int write(byte[] buf, int off) {
        int n = buckets(count);
        Arrays.fill(buf, off, off + n, (byte) EMPTY);
        for (int i = 0; i < count; i++) {
            int at = off + bucket(hashes[i], n);
            int held = buf[at] & 0xFF;
            if (held == EMPTY) {
                buf[at] = (byte) restarts[i];
            } else if (held != restarts[i]) {
                buf[at] = (byte) COLLISION;
            }
        }
        buf[off + n] = (byte) (n >>> 8);
        buf[off + n + 1] = (byte) n;
        return off + n + 2;
    }

    /** @return the bucket count for {@code entries} entries: a load of at most 3/4, as RocksDB's default */
    static int buckets(int entries) {
        return Math.min(MAX_BUCKETS, Math.max(1, entries + entries / 3));
    }

    /** @return the bucket of a key whose hash's high half is {@code hash}: multiply-shift onto {@code [0, buckets)} */
    static int bucket(int hash, int buckets) {
        return (int) (((hash & 0xFFFFFFFFL) * buckets) >>> 32);
    }
}

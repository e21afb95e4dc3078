// A decoded block (contents array + restart array) as written by BlockBuilder; this is what the
// block cache holds. Immutable after construction and thread-safe: any number of BlockIterators
// may read one Block concurrently. The restart array is validated on construction; entries are
// bounds-checked as iterators decode them.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.util.Bytes;

/**
 * An immutable block of prefix-compressed entries with restart points. The block's bytes are
 * {@code data[0, limit)}: entries, then {@code int32 restartOffset * n}, then {@code int32 n};
 * or, in a data block with a hash index, entries, restarts, buckets, {@code uint16 buckets} and
 * {@code int32 n | 0x80000000} ({@link BlockHashIndex}).
 */
public final class Block {
    private final byte[] data;
    private final int restartsOffset;
    private final int restartCount;
    /** Buckets of the hash index (0: none) and the offset of the first. */
    private final int hashBuckets;
    private final int hashOffset;
    private final String fileName;
    private final long fileOffset;
    /** Search aid for a block read on every lookup (a table's index), or null. */
    private final RestartPrefixes restartPrefixes;

    /**
     * Decodes the block in {@code data[0, limit)}.
     *
     * @param data block contents (not copied; must not change afterwards)
     * @param limit length of the contents
     * @param fileName table file, for corruption messages
     * @param fileOffset file offset of the block, for corruption messages
     * @throws CorruptionException if the restart array is malformed
     */
    public Block(byte[] data, int limit, String fileName, long fileOffset) {
        this.data = data;
        this.fileName = fileName;
        this.fileOffset = fileOffset;
        if (limit < 4 || limit > data.length) {
            throw corrupt("block too short for its restart count (" + limit + " bytes)");
        }
        int packed = Bytes.getInt(data, limit - 4);
        int n = packed & ~BlockHashIndex.FLAG;
        int restartsEnd = limit - 4;
        int buckets = 0;
        if (packed != n) {
            // A hash index sits between the restarts and the count (BlockHashIndex).
            buckets = limit < 6 ? 0 : (data[limit - 6] & 0xFF) << 8 | data[limit - 5] & 0xFF;
            restartsEnd = limit - 6 - buckets;
            if (buckets == 0 || restartsEnd < 0 || n > BlockHashIndex.MAX_RESTARTS) {
                throw corrupt("hash index of " + buckets + " buckets over " + n
                        + " restarts does not fit in a block of " + limit + " bytes");
            }
        }
        long restarts = (long) restartsEnd - 4L * n;
        if (restarts < 0) {
            throw corrupt("restart count " + n + " does not fit in a block of " + limit + " bytes");
        }
        this.restartsOffset = (int) restarts;
        this.restartCount = n;
        this.hashBuckets = buckets;
        this.hashOffset = restartsEnd;
        if (n == 0 && restartsOffset != 0) {
            throw corrupt("block has entries but no restart points");
        }
        int previous = -1;
        for (int i = 0; i < n; i++) {
            int r = restartOffset(i);
            if (r <= previous || r >= restartsOffset || (i == 0 && r != 0)) {
                throw corrupt("restart point " + i + " has bad offset " + r);
            }
            previous = r;
        }
        this.restartPrefixes = null;
    }

    /** Returned by {@link #hashedRestart} when the block has no hash index or the key's bucket is shared by intervals. */
    static final int NO_HASH = -1;
    /** Returned by {@link #hashedRestart} when no entry of the block has the user key. */
    static final int ABSENT = -2;

    /**
     * Consults the hash index (docs/format.md, "Data-block hash index").
     *
     * @param keyHash {@link KeyHash#hash64} of the user key
     * @return the restart interval that holds every entry of the user key (if the block has
     *     any), {@link #ABSENT}, or {@link #NO_HASH} (binary-search the restarts)
     * @throws CorruptionException when the key's bucket names a restart the block lacks
     */
    int hashedRestart(long keyHash) {
        if (hashBuckets == 0) {
            return NO_HASH;
        }
        int v = data[hashOffset + BlockHashIndex.bucket((int) (keyHash >>> 32), hashBuckets)] & 0xFF;
        if (v < restartCount) {
            return v;
        }
        if (v == BlockHashIndex.EMPTY) {
            return ABSENT;
        }
        if (v == BlockHashIndex.COLLISION) {
            return NO_HASH;
        }
        throw corrupt("hash bucket names restart " + v + " of " + restartCount);
    }

    /** @return whether the block carries a hash index (tests and diagnostics) */
    boolean hasHashIndex() {
        return hashBuckets > 0;
    }

    /**
     * @return this block with an in-memory aid that speeds up seeks (for a block read on every
     *     lookup, such as a table's index); the contents are shared
     */
    Block withSearchAid() {
        return new Block(this);
    }

    /** A copy of {@code plain} (already checked) with the seek aid. */
    private Block(Block plain) {
        this.data = plain.data;
        this.restartsOffset = plain.restartsOffset;
        this.restartCount = plain.restartCount;
        this.hashBuckets = plain.hashBuckets;
        this.hashOffset = plain.hashOffset;
        this.fileName = plain.fileName;
        this.fileOffset = plain.fileOffset;
        this.restartPrefixes = restartCount > 0 ? RestartPrefixes.of(this) : null;
    }

    /** @return the seek aid, or null when this block has none */
    RestartPrefixes restartPrefixes() {
        return restartPrefixes;
    }

    /** @return a new iterator over this block */
    public BlockIterator newIterator() {
        return new BlockIterator(this);
    }

    /** @return the bytes this block keeps alive (for cache accounting) */
    public int charge() {
        return data.length + 48;
    }

    /** @return whether the block holds no entries */
    public boolean isEmpty() {
        return restartCount == 0;
    }

    byte[] data() {
        return data;
    }

    int restartsOffset() {
        return restartsOffset;
    }

    int restartCount() {
        return restartCount;
    }

    int restartOffset(int i) {
        return Bytes.getInt(data, restartsOffset + 4 * i);
    }

    /** @return a corruption report naming the file and this block's offset */
    CorruptionException corrupt(String what) {
        return new CorruptionException(fileName + ": " + what + " in block at offset " + fileOffset);
    }
}

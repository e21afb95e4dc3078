// A bytes-bounded cache of decoded data blocks keyed by (file number, block offset), shared by
// every table reader of a store. Thread-safe: the key space is split over independent shards
// (CacheShard: an open-addressing table with CLOCK eviction, guarded by its own lock), so
// readers of different blocks rarely contend. Cached Blocks are immutable and may be used after
// eviction. Hits and misses are counted by the shards under their locks: a shared counter such as
// a LongAdder has a path only contended updates take, and its first contention (a compaction's
// reads meeting a reader's, say) would throw away the reader's compiled read path.
package dev.cairn.lsm.internal.sstable;

/** A CLOCK (approximate LRU) cache of decoded {@link Block}s, bounded by {@link Block#charge()} bytes. */
public final class BlockCache {
    private static final int MAX_SHARDS = 16;
    private static final long MIN_SHARD_BYTES = 64 * 1024;

    private final CacheShard[] shards;
    private final long capacity;

    /**
     * Creates a cache of up to 16 shards; small capacities get fewer shards so that each shard
     * still holds several blocks.
     *
     * @param capacityBytes upper bound of the bytes held
     */
    public BlockCache(long capacityBytes) {
        this(capacityBytes, shardCountFor(capacityBytes));
    }

    /**
     * @param capacityBytes upper bound of the bytes held (split evenly over the shards)
     * @param shardCount number of shards, a power of two in [1, 16]
     */
    public BlockCache(long capacityBytes, int shardCount) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacityBytes must not be negative, was " + capacityBytes);
        }
        if (shardCount < 1 || shardCount > MAX_SHARDS || Integer.bitCount(shardCount) != 1) {
            throw new IllegalArgumentException("shardCount must be a power of two in [1, 16], was " + shardCount);
        }
        this.capacity = capacityBytes;
        this.shards = new CacheShard[shardCount];
        for (int i = 0; i < shardCount; i++) {
            shards[i] = new CacheShard(capacityBytes / shardCount);
        }
    }

    private static int shardCountFor(long capacityBytes) {
        int n = MAX_SHARDS;
        while (n > 1 && capacityBytes / n < MIN_SHARD_BYTES) {
            n >>= 1;
        }
        return n;
    }

    /** @return the cached block or null; counts a hit or a miss */
    public Block get(long fileNumber, long blockOffset) {
        return shard(fileNumber, blockOffset).get(fileNumber, blockOffset, true);
    }

    /**
     * Like {@link #get} for a cache-only probe: counts a hit, but not a miss, since a probe that
     * misses is followed by an ordinary read that counts it.
     *
     * @return the cached block or null
     */
    public Block probe(long fileNumber, long blockOffset) {
        return shard(fileNumber, blockOffset).get(fileNumber, blockOffset, false);
    }

    /** Inserts (or replaces) a block, evicting blocks of its shard in CLOCK order as needed. */
    public void put(long fileNumber, long blockOffset, Block block) {
        shard(fileNumber, blockOffset).put(fileNumber, blockOffset, block);
    }

    /**
     * Asks, before a missed block is read, whether the cache would take it (see
     * {@link CacheShard#admits}); a read told yes should {@link #put} the block, one told no may
     * read it into a buffer of its own.
     *
     * @param charge the block's expected {@link Block#charge()}
     */
    public boolean admits(long fileNumber, long blockOffset, int charge) {
        return shard(fileNumber, blockOffset).admits(charge);
    }

    /** Offers a block a read missed: see {@link CacheShard#offer}. */
    public void offer(long fileNumber, long blockOffset, Block block) {
        shard(fileNumber, blockOffset).offer(fileNumber, blockOffset, block);
    }

    /** Drops every block of {@code fileNumber} (call when the table file is deleted). */
    public void evictFile(long fileNumber) {
        for (CacheShard s : shards) {
            s.evictFile(fileNumber);
        }
    }

    /** @return lookups that found a block */
    public long hits() {
        long n = 0;
        for (CacheShard s : shards) {
            n += s.hits();
        }
        return n;
    }

    /** @return lookups that found nothing */
    public long misses() {
        long n = 0;
        for (CacheShard s : shards) {
            n += s.misses();
        }
        return n;
    }

    /** @return bytes currently held */
    public long usedBytes() {
        long sum = 0;
        for (CacheShard s : shards) {
            sum += s.used();
        }
        return sum;
    }

    /** @return the configured capacity in bytes */
    public long capacityBytes() {
        return capacity;
    }

    private CacheShard shard(long fileNumber, long blockOffset) {
        long h = (fileNumber * 0x9E3779B97F4A7C15L) ^ (blockOffset * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 29;
        return shards[(int) h & (shards.length - 1)];
    }
}

// A bytes-bounded LRU cache of decoded data blocks keyed by (file number, block offset), shared
// by every table reader of a store. Thread-safe: the key space is split over independent shards,
// each a small access-ordered map guarded by its own lock, so readers of different blocks rarely
// contend. Cached Blocks are immutable and may be used after eviction.
package dev.cairn.lsm.internal.sstable;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** LRU cache of decoded {@link Block}s, bounded by {@link Block#charge()} bytes. */
public final class BlockCache {
    private static final int MAX_SHARDS = 16;
    private static final long MIN_SHARD_BYTES = 64 * 1024;

    private final Shard[] shards;
    private final long capacity;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

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
        this.shards = new Shard[shardCount];
        for (int i = 0; i < shardCount; i++) {
            shards[i] = new Shard(capacityBytes / shardCount);
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
        Block b = shard(fileNumber, blockOffset).get(new Key(fileNumber, blockOffset));
        if (b == null) {
            misses.increment();
        } else {
            hits.increment();
        }
        return b;
    }

    /**
     * Like {@link #get} for a cache-only probe: counts a hit, but not a miss, since a probe that
     * misses is followed by an ordinary read that counts it.
     *
     * @return the cached block or null
     */
    public Block probe(long fileNumber, long blockOffset) {
        Block b = shard(fileNumber, blockOffset).get(new Key(fileNumber, blockOffset));
        if (b != null) {
            hits.increment();
        }
        return b;
    }

    /** Inserts (or replaces) a block, evicting least-recently-used blocks of its shard as needed. */
    public void put(long fileNumber, long blockOffset, Block block) {
        shard(fileNumber, blockOffset).put(new Key(fileNumber, blockOffset), block);
    }

    /** Drops every block of {@code fileNumber} (call when the table file is deleted). */
    public void evictFile(long fileNumber) {
        for (Shard s : shards) {
            s.evictFile(fileNumber);
        }
    }

    /** @return lookups that found a block */
    public long hits() {
        return hits.sum();
    }

    /** @return lookups that found nothing */
    public long misses() {
        return misses.sum();
    }

    /** @return bytes currently held */
    public long usedBytes() {
        long sum = 0;
        for (Shard s : shards) {
            sum += s.used();
        }
        return sum;
    }

    /** @return the configured capacity in bytes */
    public long capacityBytes() {
        return capacity;
    }

    private Shard shard(long fileNumber, long blockOffset) {
        long h = (fileNumber * 0x9E3779B97F4A7C15L) ^ (blockOffset * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 29;
        return shards[(int) h & (shards.length - 1)];
    }

    private record Key(long fileNumber, long blockOffset) {
    }

    private static final class Shard {
        private final long capacity;
        private final LinkedHashMap<Key, Block> map = new LinkedHashMap<>(64, 0.75f, true);
        private long used;

        Shard(long capacity) {
            this.capacity = capacity;
        }

        synchronized Block get(Key k) {
            return map.get(k);
        }

        synchronized void put(Key k, Block b) {
            int charge = b.charge();
            if (charge > capacity) {
                return;
            }
            Block old = map.put(k, b);
            if (old != null) {
                used -= old.charge();
            }
            used += charge;
            Iterator<Map.Entry<Key, Block>> it = map.entrySet().iterator();
            while (used > capacity && it.hasNext()) {
                Map.Entry<Key, Block> eldest = it.next();
                used -= eldest.getValue().charge();
                it.remove();
            }
        }

        synchronized void evictFile(long fileNumber) {
            Iterator<Map.Entry<Key, Block>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Key, Block> e = it.next();
                if (e.getKey().fileNumber() == fileNumber) {
                    used -= e.getValue().charge();
                    it.remove();
                }
            }
        }

        synchronized long used() {
            return used;
        }
    }
}

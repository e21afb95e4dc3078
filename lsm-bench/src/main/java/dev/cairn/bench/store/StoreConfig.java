// The knobs every store under test gets the same value for (and Cairn's compaction strategy and
// TTL, which only Cairn's adapters read). Immutable.
package dev.cairn.bench.store;

import dev.cairn.lsm.CompactionStrategy;
import java.time.Duration;

/**
 * The budget shared by every store under test.
 *
 * @param cacheBytes block cache size in bytes (64 MiB by default)
 * @param bloomBitsPerKey bloom filter bits per key where the store has a filter
 * @param num number of keys the run writes; stores that must pre-size (LMDB) use it
 * @param valueSize value size in bytes
 * @param maxWorkers the most sessions a phase opens at once
 * @param compaction Cairn's compaction strategy ({@code --compaction}), null for the default
 * @param ttl Cairn's TTL ({@code --ttl}), null for none
 * @param memtableBytes Cairn's memtable size ({@code --memtable-kb}), 0 for its default
 */
public record StoreConfig(long cacheBytes, int bloomBitsPerKey, long num, int valueSize, int maxWorkers,
                          CompactionStrategy compaction, Duration ttl, long memtableBytes) {
    /** A budget with Cairn's default compaction and memtable, and no TTL. */
    public StoreConfig(long cacheBytes, int bloomBitsPerKey, long num, int valueSize, int maxWorkers) {
        this(cacheBytes, bloomBitsPerKey, num, valueSize, maxWorkers, null, null, 0);
    }

    /**
     * @param keys the keys of a smaller run (the warm-up's)
     * @return this budget with the cache scaled down as the data is: {@code keys / num} of it,
     *     at least 1 MiB
     */
    public StoreConfig scaledTo(long keys) {
        long scaled = num <= 0 ? cacheBytes : (long) (cacheBytes * ((double) Math.min(keys, num) / num));
        return new StoreConfig(Math.max(1L << 20, scaled), bloomBitsPerKey, num, valueSize, maxWorkers, compaction, ttl,
                memtableBytes);
    }
}

// The knobs every store under test gets the same value for. Immutable.
package dev.cairn.bench.store;

/**
 * The budget shared by every store under test.
 *
 * @param cacheBytes block cache size in bytes (64 MiB by default)
 * @param bloomBitsPerKey bloom filter bits per key where the store has a filter
 * @param num number of keys the run writes; stores that must pre-size (LMDB) use it
 * @param valueSize value size in bytes
 * @param maxWorkers the most sessions a phase opens at once
 */
public record StoreConfig(long cacheBytes, int bloomBitsPerKey, long num, int valueSize, int maxWorkers) {
    /**
     * @param keys the keys of a smaller run (the warm-up's)
     * @return this budget with the cache scaled down as the data is: {@code keys / num} of it,
     *     at least 1 MiB
     */
    public StoreConfig scaledTo(long keys) {
        long scaled = num <= 0 ? cacheBytes : (long) (cacheBytes * ((double) Math.min(keys, num) / num));
        return new StoreConfig(Math.max(1L << 20, scaled), bloomBitsPerKey, num, valueSize, maxWorkers);
    }
}

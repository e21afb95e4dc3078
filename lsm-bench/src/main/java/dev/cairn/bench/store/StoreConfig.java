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
}

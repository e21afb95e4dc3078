// What the report says about one store's configuration. Immutable.
package dev.cairn.bench.store;

/**
 * How a store under test is configured, for the report.
 *
 * @param store the store's harness name (e.g. {@code rocksdb})
 * @param version library version
 * @param compression block compression in use
 * @param durability what an acknowledged (non-fillsync) write survives
 * @param cache cache configuration
 * @param filter bloom filter configuration, or "none"
 */
public record StoreDescription(String store, String version, String compression, String durability,
                               String cache, String filter) {
}

// The public column-family handle: one named keyspace of a store, with its own memtables, tables,
// levels and options, sharing the store's write-ahead log and atomic batches. Thread-safe.
package dev.cairn.lsm;

/**
 * A column family: a named keyspace inside one {@link LsmStore}. Each family has its own
 * memtables, tables, levels and tunables (compaction strategy, TTL, merge operator, ...), while
 * every family shares the store's write-ahead log, so a {@link WriteBatch} that spans families
 * is atomic. The default family, named {@link #DEFAULT_NAME}, is the keyspace the API without a
 * family argument uses; stores written before families existed open with all their data in it.
 *
 * <p>Handles come from the store that made them ({@code createColumnFamily},
 * {@code columnFamily(name)}, {@code columnFamilies()}); a handle of a dropped family, or of
 * another store, is refused with an {@link IllegalArgumentException}.
 */
public interface ColumnFamily {
    /** The name of the default family, which always exists and cannot be dropped. */
    String DEFAULT_NAME = "default";

    /** @return this family's name, unique within its store */
    String name();
}

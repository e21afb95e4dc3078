// The column-family half of LsmStore (LsmStore extends it): create, find, list and drop families,
// and the reads, writes, flushes, compactions, statistics and live option changes of one family.
// Implementations are thread-safe.
package dev.cairn.lsm;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What an {@link LsmStore} offers per {@link ColumnFamily}. Every family shares the store's
 * write-ahead log, sequence numbers and snapshots ({@code ReadOptions.at(snapshot)} reads any
 * family at the snapshot), so a {@link WriteBatch} spanning families is atomic; each family has
 * its own memtables, tables, levels and {@link ColumnFamilyOptions}. The methods without a family
 * argument use the default family.
 *
 * <p>Versioned reads work per family too: {@code ReadOptions.asOf(instant)} reads a family as it
 * was at the instant ({@link #get(ColumnFamily, byte[], ReadOptions)},
 * {@link #newCursor(ColumnFamily, ReadOptions)}), and {@link #historyOf(ColumnFamily, byte[])} lists a
 * key's retained versions in a family; the retention window ({@code StoreOptions.retainVersions})
 * is the store's, one for every family. Transactions take a family per call
 * ({@link Transaction#put(ColumnFamily, byte[], byte[])} and its siblings).
 *
 * <p>Families are recorded in the manifest: a reopened store knows them by name
 * ({@link #columnFamily(String)}), with the options that are data (see {@link ColumnFamilyOptions});
 * merge operators and compaction filters must be set again with {@link #setOptions}.
 */
public interface ColumnFamilyOperations {
    /**
     * Creates a family; durable when this returns.
     *
     * @param name 1 to 255 characters, none of them a control character; not in use
     * @param options the family's options (unset values are the store's)
     * @return the new family's handle
     * @throws IllegalArgumentException if the name is bad or in use, or options is null
     */
    ColumnFamily createColumnFamily(String name, ColumnFamilyOptions options);

    /**
     * @param name a family name
     * @return the open family of that name, or null when there is none
     */
    ColumnFamily columnFamily(String name);

    /** @return the live families, the default family first, then by creation */
    List<ColumnFamily> columnFamilies();

    /**
     * Drops a family: atomically and durably, its data is gone and its tables are deleted (at once,
     * or as soon as no open cursor reads them). Its handle is refused from then on.
     *
     * @param family a live family of this store other than the default
     * @throws IllegalArgumentException if the family is the default, dropped, or not this store's
     */
    void dropColumnFamily(ColumnFamily family);

    /**
     * Changes a live family's options, durably: the compaction strategy (the new strategy takes
     * over the tree as it is; the listener hears {@link EventListener#onStrategyChanged}),
     * memtable size, table options and TTL (for tables written from now on, and reads at once),
     * merge operator and compaction filter. Values left unset keep the family's current ones.
     *
     * @param family a live family (the default family too)
     * @param options the values to change
     * @throws IllegalArgumentException if the family is dropped or not this store's, or options is null
     */
    void setOptions(ColumnFamily family, ColumnFamilyOptions options);

    /**
     * Writes a batch, which may span families, atomically.
     *
     * @param batch the batch
     * @param options durability options
     */
    void write(WriteBatch batch, WriteOptions options);

    /**
     * @param family the family
     * @param key the key
     * @param options read options (a snapshot of the store reads every family at it;
     *     {@link ReadOptions#asOf} reads the family as it was at the instant)
     * @return the value, or null when absent
     */
    byte[] get(ColumnFamily family, byte[] key, ReadOptions options);

    /**
     * @param family the family
     * @param key the key
     * @return the value, or null when absent
     */
    default byte[] get(ColumnFamily family, byte[] key) {
        return get(family, key, ReadOptions.defaults());
    }

    /**
     * @param family the family
     * @param key the key
     * @param value the value
     */
    default void put(ColumnFamily family, byte[] key, byte[] value) {
        put(family, key, value, WriteOptions.defaults());
    }

    /**
     * @param family the family
     * @param key the key
     * @param value the value
     * @param options durability options
     */
    default void put(ColumnFamily family, byte[] key, byte[] value, WriteOptions options) {
        write(new WriteBatch().put(family, key, value), options);
    }

    /**
     * @param family the family
     * @param key the key
     */
    default void delete(ColumnFamily family, byte[] key) {
        delete(family, key, WriteOptions.defaults());
    }

    /**
     * @param family the family
     * @param key the key
     * @param options durability options
     */
    default void delete(ColumnFamily family, byte[] key, WriteOptions options) {
        write(new WriteBatch().delete(family, key), options);
    }

    /**
     * @param family the family
     * @param from first key deleted
     * @param to first key kept
     */
    default void deleteRange(ColumnFamily family, byte[] from, byte[] to) {
        deleteRange(family, from, to, WriteOptions.defaults());
    }

    /**
     * @param family the family
     * @param from first key deleted
     * @param to first key kept
     * @param options durability options
     */
    default void deleteRange(ColumnFamily family, byte[] from, byte[] to, WriteOptions options) {
        write(new WriteBatch().deleteRange(family, from, to), options);
    }

    /**
     * @param family the family (it must have a merge operator)
     * @param key the key
     * @param operand the operand
     * @throws IllegalArgumentException if the family has no merge operator (the message names it)
     */
    default void merge(ColumnFamily family, byte[] key, byte[] operand) {
        merge(family, key, operand, WriteOptions.defaults());
    }

    /**
     * @param family the family (it must have a merge operator)
     * @param key the key
     * @param operand the operand
     * @param options durability options
     */
    default void merge(ColumnFamily family, byte[] key, byte[] operand, WriteOptions options) {
        write(new WriteBatch().merge(family, key, operand), options);
    }

    /**
     * @param family the family
     * @param options read options (a snapshot, or {@link ReadOptions#asOf} for the family as it was then)
     * @return a cursor over the family, positioned nowhere; close it
     */
    Cursor newCursor(ColumnFamily family, ReadOptions options);

    /**
     * As {@link LsmStore#history(byte[])}, in a column family: the retained versions of {@code key}
     * there, newest first, each with its commit timestamp. (Named apart from {@code history} so
     * that {@code history(null, null)}, the default family's whole history, stays unambiguous.)
     *
     * @param family a live family
     * @param key the key
     * @return its versions in {@code family}, newest first
     * @throws IllegalArgumentException if the family is dropped or not this store's, the key is
     *     invalid, or the store does not retain versions
     * @throws UnsupportedOperationException if this kind of store keeps no versions (read-only stores)
     */
    default List<Version> historyOf(ColumnFamily family, byte[] key) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no history");
    }

    /**
     * As {@link LsmStore#history(byte[], byte[])}, in a column family: gathered in memory.
     *
     * @param family a live family
     * @param from first key (inclusive), or null for the first key
     * @param to last key (exclusive), or null for past the last key
     * @return the versions, keys ascending, each key's newest first
     * @throws IllegalArgumentException if the family is dropped or not this store's, {@code from > to},
     *     or the store does not retain versions
     * @throws UnsupportedOperationException if this kind of store keeps no versions
     */
    default List<Version> history(ColumnFamily family, byte[] from, byte[] to) {
        try (Stream<Version> versions = historyStream(family, from, to)) {
            return versions.collect(Collectors.toCollection(ArrayList::new));
        }
    }

    /**
     * As {@link LsmStore#historyStream(byte[], byte[])}, in a column family: read lazily, one key at
     * a time; close the stream.
     *
     * @param family a live family
     * @param from first key (inclusive), or null for the first key
     * @param to last key (exclusive), or null for past the last key
     * @return the versions, keys ascending, each key's newest first; close it when done
     * @throws IllegalArgumentException if the family is dropped or not this store's, {@code from > to},
     *     or the store does not retain versions
     * @throws UnsupportedOperationException if this kind of store keeps no versions
     */
    default Stream<Version> historyStream(ColumnFamily family, byte[] from, byte[] to) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no history");
    }

    /**
     * Writes the family's memtables to tables and waits for it.
     *
     * @param family the family
     */
    void flush(ColumnFamily family);

    /**
     * Compacts the family's keys in {@code [from, to)} (null bounds: unbounded) on the caller's thread,
     * collecting the family's blob files at least half garbage as {@link LsmStore#compactRange} does.
     *
     * @param family the family
     * @param from first key, or null
     * @param to first key after the range, or null
     */
    void compactRange(ColumnFamily family, byte[] from, byte[] to);

    /**
     * @param family the family
     * @return the family's figures (levels, tables, memtables, pending compaction); the store-wide
     *     counters (bytes written, stalls, cache) are the store's
     */
    StoreStats stats(ColumnFamily family);
}

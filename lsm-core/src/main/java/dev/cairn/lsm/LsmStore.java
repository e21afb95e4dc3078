// The public store contract: open, reads, atomic writes, snapshots, cursors, flush, compaction,
// stats, resume, close. Every method is thread-safe; reads never block on writers.
package dev.cairn.lsm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An open Cairn store: a persistent, ordered map from byte-array keys to byte-array values,
 * ordered by unsigned lexicographic comparison of the keys.
 *
 * <p>All methods are thread-safe. Reads never block on writers. A write is acknowledged once
 * its log record has reached the operating system (it survives the process being killed), and
 * once fsynced too when {@link WriteOptions#sync()} or {@link StoreOptions#syncWrites()} asks
 * (it survives a power cut). Arguments are checked before anything is written; a call after
 * {@link #close()} throws {@link StoreClosedException}.
 *
 * <pre>{@code
 * try (LsmStore db = LsmStore.open(Path.of("data"), StoreOptions.defaults())) {
 *     db.put(key, value);
 *     byte[] v = db.get(key);
 * }
 * }</pre>
 */
public interface LsmStore extends ColumnFamilyOperations, AutoCloseable {

    /**
     * Opens (creating if needed) the store in {@code dir} on the default file system.
     *
     * @param dir the store directory
     * @param options how to open it
     * @return the open store
     * @throws StoreLockedException if the directory is already open
     * @throws CorruptionException if the stored state is damaged beyond the recovery mode
     */
    static LsmStore open(java.nio.file.Path dir, StoreOptions options) {
        if (dir == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        return open(okio.Path.get(dir.toAbsolutePath().toString()), options);
    }

    /**
     * Opens (creating if needed) the store in {@code dir} on {@link StoreOptions#fileSystem()}.
     *
     * @param dir the store directory
     * @param options how to open it
     * @return the open store
     * @throws StoreLockedException if the directory is already open
     * @throws CorruptionException if the stored state is damaged beyond the recovery mode
     */
    static LsmStore open(okio.Path dir, StoreOptions options) {
        if (dir == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (use StoreOptions.defaults())");
        }
        return EngineEntry.open(dir, options);
    }

    /**
     * Opens the store in {@code dir} read-only, on the default file system. See
     * {@link #openReadOnly(okio.Path, StoreOptions)}.
     *
     * @param dir the store directory; another process may hold it open
     * @param options how to read it (file system, block cache size, TTL, encryption: an encrypted
     *     store needs its key here as for {@link #open})
     * @return the store, read-only
     * @throws CorruptionException if what it reads is damaged
     * @throws LsmException if the directory holds no store or cannot be read
     */
    static LsmStore openReadOnly(java.nio.file.Path dir, StoreOptions options) {
        if (dir == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        return openReadOnly(okio.Path.get(dir.toAbsolutePath().toString()), options);
    }

    /**
     * Opens the store in {@code dir} read-only, like RocksDB's secondary instance: it takes no
     * lock (the owner may be writing), writes nothing, compacts nothing and changes no byte on
     * disk; the write-ahead logs are replayed into memory only. Reads see the state at open time;
     * {@link #refresh()} catches up with what the owner has written since. Writes, flush and
     * compaction throw {@link LsmException}. A snapshot taken on it is not known to the owner,
     * whose compactions may drop versions it would read once the store is refreshed. A read-only
     * store serves no versioned reads: {@link ReadOptions#asOf} reads and {@link #history(byte[])}
     * / {@link #history(byte[], byte[])} throw {@link IllegalArgumentException} saying so (open
     * the store, or a {@link #checkpoint checkpoint} of it, with
     * {@link StoreOptions.Builder#retainVersions} for those).
     *
     * @param dir the store directory
     * @param options how to read it
     * @return the store, read-only
     * @throws CorruptionException if what it reads is damaged
     * @throws LsmException if the directory holds no store or cannot be read
     */
    static LsmStore openReadOnly(okio.Path dir, StoreOptions options) {
        if (dir == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (use StoreOptions.defaults())");
        }
        return EngineEntry.openReadOnly(dir, options);
    }

    /**
     * Stores {@code value} under {@code key} with the store's default durability.
     *
     * @param key the key, at most {@link Limits#MAX_KEY_SIZE} bytes, may be empty
     * @param value the value, at most {@link Limits#MAX_VALUE_SIZE} bytes, may be empty
     */
    default void put(byte[] key, byte[] value) {
        put(key, value, WriteOptions.defaults());
    }

    /**
     * Stores {@code value} under {@code key}.
     *
     * @param key the key
     * @param value the value
     * @param options durability of this write
     */
    default void put(byte[] key, byte[] value, WriteOptions options) {
        write(new WriteBatch().put(key, value), options);
    }

    /**
     * @param key the key
     * @return the latest value, or null when absent
     */
    default byte[] get(byte[] key) {
        return get(key, ReadOptions.defaults());
    }

    /**
     * @param key the key
     * @param options which snapshot to read, and where to look
     * @return the value at that snapshot, or null when absent
     * @throws IncompleteReadException if {@code options} limit the read to
     *     {@link ReadTier#MEMORY_ONLY} and the answer needs the disk
     */
    byte[] get(byte[] key, ReadOptions options);

    /**
     * Reads {@code key} as {@link #get(byte[], ReadOptions)} does, except that where the options'
     * read tier stops the read before it has an answer, this returns {@code incomplete} instead of
     * throwing {@link IncompleteReadException}. The caller passes a marker array of its own and
     * compares the result with it by identity:
     *
     * <pre>{@code
     * static final byte[] NOT_IN_MEMORY = new byte[0];
     * static final ReadOptions MEMORY = ReadOptions.defaults().readTier(ReadTier.MEMORY_ONLY);
     *
     * byte[] v = db.getOrIncomplete(key, MEMORY, NOT_IN_MEMORY);
     * if (v == NOT_IN_MEMORY) v = readElsewhere(key);   // null still means absent
     * }</pre>
     *
     * <p>Made for callers that probe memory first on a thread that must not block and miss often
     * (right after an open, say): a miss then costs a comparison, not an exception, and allocates
     * nothing. A store that ignores read tiers simply answers.
     *
     * @param key the key
     * @param options which snapshot to read, and where to look
     * @param incomplete what to return when the answer needs more than the tier allows; never a
     *     value the store returns
     * @return the value, null when absent, or {@code incomplete}
     */
    default byte[] getOrIncomplete(byte[] key, ReadOptions options, byte[] incomplete) {
        try {
            return get(key, options);
        } catch (IncompleteReadException e) {
            return incomplete;
        }
    }

    /**
     * Removes {@code key}; removing an absent key is not an error.
     *
     * @param key the key
     */
    default void delete(byte[] key) {
        delete(key, WriteOptions.defaults());
    }

    /**
     * Removes {@code key}.
     *
     * @param key the key
     * @param options durability of this write
     */
    default void delete(byte[] key, WriteOptions options) {
        write(new WriteBatch().delete(key), options);
    }

    /**
     * Removes every key in {@code [from, to)}.
     *
     * @param from first key removed
     * @param to first key kept; must not sort before {@code from}
     */
    default void deleteRange(byte[] from, byte[] to) {
        write(new WriteBatch().deleteRange(from, to), WriteOptions.defaults());
    }

    /**
     * Records a merge operand for {@code key} with the store's default durability: the store's
     * {@link MergeOperator} ({@link StoreOptions.Builder#mergeOperator}) folds it into the key's
     * value when the key is read or compacted, so a counter is incremented without reading it.
     *
     * @param key the key
     * @param operand the operand (for {@link MergeOperators#uint64Add()}, 8 bytes little-endian)
     * @throws IllegalArgumentException if an argument is null or too large, or the store has no
     *     merge operator (nothing is written then)
     */
    default void merge(byte[] key, byte[] operand) {
        merge(key, operand, WriteOptions.defaults());
    }

    /**
     * Records a merge operand for {@code key}; see {@link #merge(byte[], byte[])}.
     *
     * @param key the key
     * @param operand the operand
     * @param options durability
     */
    default void merge(byte[] key, byte[] operand, WriteOptions options) {
        write(new WriteBatch().merge(key, operand), options);
    }

    /**
     * Applies a batch atomically with the store's default durability.
     *
     * @param batch the batch; an empty batch is a no-op
     */
    default void write(WriteBatch batch) {
        write(batch, WriteOptions.defaults());
    }

    /**
     * Applies a batch atomically. Blocks until acknowledged (and while writes are stalled).
     *
     * @param batch the batch
     * @param options durability
     * @throws BackgroundErrorException if background work failed and {@link #resume()} has not succeeded
     */
    void write(WriteBatch batch, WriteOptions options);

    /**
     * Applies a batch atomically without parking the caller's thread; the future completes
     * after the group commit that carries the batch (and its fsync, if asked).
     *
     * @param batch the batch; it is encoded before this method returns and may be reused
     * @param options durability
     * @return completes when acknowledged, or exceptionally with the reason it was not
     */
    CompletableFuture<Void> writeAsync(WriteBatch batch, WriteOptions options);

    /**
     * Begins an optimistic transaction reading at a snapshot taken now (or, for
     * {@link TransactionOptions#asOf(java.time.Instant)}, at that past instant); see
     * {@link Transaction}.
     *
     * @param options isolation and commit durability ({@link TransactionOptions#defaults()},
     *     {@link TransactionOptions#serializable()}, {@link TransactionOptions#readOnly()})
     * @return the open transaction; close it when done
     * @throws IllegalArgumentException if {@code options} is null, or name an instant outside the
     *     retention window (or the store retains no versions)
     */
    Transaction beginTransaction(TransactionOptions options);

    /** @return a snapshot of the current state; close it when done */
    Snapshot snapshot();

    /** @return a cursor over the current state */
    default Cursor newCursor() {
        return newCursor(ReadOptions.defaults());
    }

    /**
     * @param options which snapshot to read, and where to look: with {@link ReadTier#MEMORY_ONLY},
     *     opening the cursor or any positioning call that would need the disk throws
     *     {@link IncompleteReadException} (the cursor is then only good for closing)
     * @return a cursor; close it when done
     */
    Cursor newCursor(ReadOptions options);

    /**
     * The retained versions of {@code key}, newest first: every value and deletion committed
     * inside the window of {@link StoreOptions.Builder#retainVersions}, each with its commit
     * timestamp, then the value the key held when the window began (if it held one then). A
     * deletion is a {@code delete} of the key or a {@code deleteRange} that removed a value.
     *
     * <pre>{@code
     * for (Version v : db.history(key)) {
     *     System.out.println(v.timestamp() + " " + (v.isDeletion() ? "deleted" : new String(v.value())));
     * }
     * }</pre>
     *
     * @param key the key
     * @return its versions, newest first; empty when it never had one inside the window
     * @throws IllegalArgumentException if the key is invalid or the store does not retain versions
     * @throws UnsupportedOperationException if this kind of store keeps no versions (read-only stores)
     */
    default List<Version> history(byte[] key) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no history");
    }

    /**
     * The retained versions of every key in {@code [from, to)}: keys ascending, each key's
     * versions newest first, as {@link #history(byte[])} gives them ({@link Version#key()} tells
     * the keys apart). Everything is gathered in memory: keep the range to what fits, or read it
     * as a stream with {@link #historyStream(byte[], byte[])}.
     *
     * @param from first key (inclusive), or null for the first key
     * @param to last key (exclusive), or null for past the last key
     * @return the versions
     * @throws IllegalArgumentException if {@code from > to} or the store does not retain versions
     * @throws UnsupportedOperationException if this kind of store keeps no versions
     */
    default List<Version> history(byte[] from, byte[] to) {
        try (Stream<Version> versions = historyStream(from, to)) {
            return versions.collect(Collectors.toCollection(ArrayList::new));
        }
    }

    /**
     * The versions {@link #history(byte[], byte[])} lists, read lazily: one key's versions at a
     * time, as the stream is consumed, so a long history costs the memory of one key and the
     * reads of what is consumed ({@code limit(3)} reads little). The stream holds a view of the
     * store's files (like a cursor) until it is closed or consumed to its end: close it, with
     * try-with-resources. Sequential; the versions are those committed when it was opened.
     *
     * <pre>{@code
     * try (Stream<Version> h = db.historyStream(from, to)) {
     *     h.limit(10).forEach(v -> System.out.println(v.timestamp()));
     * }
     * }</pre>
     *
     * @param from first key (inclusive), or null for the first key
     * @param to last key (exclusive), or null for past the last key
     * @return the versions, keys ascending, each key's newest first; close it when done
     * @throws IllegalArgumentException if {@code from > to} or the store does not retain versions
     * @throws UnsupportedOperationException if this kind of store keeps no versions
     */
    default Stream<Version> historyStream(byte[] from, byte[] to) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no history");
    }

    /** Writes the memtable to a table and waits until it is durable. */
    void flush();

    /**
     * Compacts the tables overlapping {@code [from, to)}, applying range tombstones and
     * dropping every version no snapshot can see; {@code null} bounds mean unbounded, so
     * {@code compactRange(null, null)} compacts the whole store. Waits until done. Every table
     * in the range is rewritten, even one with nothing to merge, so it is also the on-demand
     * garbage collection of the value log ({@link StoreOptions.Builder#valueSeparationThreshold}):
     * the live values in blob files at least half garbage move to a new blob file and those files
     * are deleted (RocksDB's {@code CompactRange} with blob garbage collection enabled).
     *
     * @param from first key, or null
     * @param to first key past the range, or null
     */
    void compactRange(byte[] from, byte[] to);

    /**
     * Writes a consistent, openable copy of the store at one sequence number into {@code dir}, on
     * the default file system, without stopping writers. See {@link #checkpoint(okio.Path)}.
     *
     * @param dir a new or empty directory outside the store's
     */
    default void checkpoint(java.nio.file.Path dir) {
        if (dir == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        checkpoint(okio.Path.get(dir.toAbsolutePath().toString()));
    }

    /**
     * Writes a consistent, openable copy of the store into {@code dir} on the store's file system,
     * without stopping writers: every write acknowledged before the call is in it, and nothing
     * newer than the sequence it was taken at. Tables are hard-linked where the file system
     * allows (the system file system, one device) and copied otherwise; what the memtables hold
     * is written as a table; CURRENT is written last, so a checkpoint cut short is not a store.
     * The checkpoint of an encrypted store is encrypted with the same key.
     *
     * @param dir a new or empty directory outside the store's
     * @throws IllegalArgumentException if {@code dir} is inside the store's directory, a file, or
     *     a non-empty directory (nothing is written then)
     * @throws LsmException if writing fails
     */
    default void checkpoint(okio.Path dir) {
        throw new UnsupportedOperationException(this + " cannot take checkpoints");
    }

    /**
     * Catches up with what the store's owner has written since this store was opened or last
     * refreshed, for a store opened with {@link #openReadOnly}. A store opened for writing is
     * always current, and this does nothing.
     */
    default void refresh() {
    }

    /** @return a summary of the store's state and work */
    StoreStats stats();

    /**
     * Advises on the compaction strategy of a column family: from the family's workload measured
     * since the store was opened (puts, overwrites, deletes, point reads, scans, the order keys are
     * written in), its TTL and the shape of its tables, predicts the write, read and space
     * amplification of leveled, size-tiered and time-window compaction and suggests the one of
     * lowest cost. Nothing is changed; see docs/compaction.md for the model and how it compares
     * with measurements. A store opened read-only advises from its tables' shape alone.
     *
     * <pre>{@code
     * CompactionAdvice a = db.compactionAdvice(users);
     * System.out.println(a);   // suggestion, reason, predictions, measurements
     * }</pre>
     *
     * @param family the family to advise on, a handle of this store
     * @return the advice
     * @throws IllegalArgumentException if {@code family} is null or not a family of this store
     */
    CompactionAdvice compactionAdvice(ColumnFamily family);

    /**
     * Clears a background error after its cause is gone and retries the failed work.
     *
     * @throws BackgroundErrorException if the retry fails again
     */
    void resume();

    /** Waits for background work, syncs the log, releases the lock. Idempotent. */
    @Override
    void close();
}

package dev.cairn.lsm;

import dev.cairn.lsm.internal.engine.StoreEngine;
import java.util.concurrent.CompletableFuture;

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
public interface LsmStore extends AutoCloseable {

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
        return StoreEngine.open(dir, options);
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
     * Begins an optimistic transaction reading at a snapshot taken now; see {@link Transaction}.
     *
     * @param options isolation and commit durability ({@link TransactionOptions#defaults()},
     *     {@link TransactionOptions#serializable()}, {@link TransactionOptions#readOnly()})
     * @return the open transaction; close it when done
     * @throws IllegalArgumentException if {@code options} is null
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

    /** Writes the memtable to a table and waits until it is durable. */
    void flush();

    /**
     * Compacts the tables overlapping {@code [from, to)}, applying range tombstones and
     * dropping every version no snapshot can see; {@code null} bounds mean unbounded, so
     * {@code compactRange(null, null)} compacts the whole store. Waits until done.
     *
     * @param from first key, or null
     * @param to first key past the range, or null
     */
    void compactRange(byte[] from, byte[] to);

    /** @return a summary of the store's state and work */
    StoreStats stats();

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

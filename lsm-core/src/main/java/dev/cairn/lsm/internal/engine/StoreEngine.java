package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.BackgroundErrorException;
import dev.cairn.lsm.BackgroundScheduler;
import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.Limits;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.Snapshot;
import dev.cairn.lsm.StoreClosedException;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.StoreStats;
import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.WriteOptions;
import dev.cairn.lsm.internal.batch.BatchAccess;
import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.sstable.NotCachedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import okio.Path;

/**
 * The {@link LsmStore} implementation: argument checks, the read path (point lookups and
 * cursors over a {@link SuperVersion}), the write path (through {@link CommitPipeline}),
 * snapshots, statistics and the lifecycle. Durable state and background work live in
 * {@link StoreState}. Thread-safe.
 */
public final class StoreEngine implements LsmStore {
    private final StoreState state;
    private final Object closeLock = new Object();

    private StoreEngine(StoreState state) {
        this.state = state;
    }

    /**
     * Opens a store.
     *
     * @param dir the directory
     * @param options the options
     * @return the open store
     */
    public static LsmStore open(Path dir, StoreOptions options) {
        return new StoreEngine(StoreState.open(dir, options));
    }

    private void checkOpen() {
        if (state.closed) {
            throw new StoreClosedException("store " + state.dir + " is closed");
        }
    }

    static void checkKey(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (key.length > Limits.MAX_KEY_SIZE) {
            throw new IllegalArgumentException("key is " + key.length + " bytes; the limit is "
                    + Limits.MAX_KEY_SIZE + " bytes (Limits.MAX_KEY_SIZE)");
        }
    }

    /**
     * The sequence to read at, taken after {@code sv} (released if the options are refused): a
     * sequence read first could predate a compaction that {@code sv} already reflects, one that
     * dropped versions that sequence needs.
     */
    private long readSequence(ReadOptions options, SuperVersion sv) {
        try {
            return readSequence(options);
        } catch (RuntimeException e) {
            sv.unref();
            throw e;
        }
    }

    private long readSequence(ReadOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("read options must not be null (use ReadOptions.defaults())");
        }
        Snapshot s = options.snapshot();
        if (s == null) {
            return state.lastSequence;
        }
        if (!state.snapshots.owns(s)) {
            throw new IllegalArgumentException("snapshot " + s + " does not belong to this store");
        }
        return s.sequence();
    }

    @Override
    public byte[] get(byte[] key, ReadOptions options) {
        checkOpen();
        checkKey(key);
        SuperVersion sv = state.acquireSuperVersion();
        long seq = readSequence(options, sv);
        try {
            return state.lookup.get(sv, key, seq, state.expiredBefore(), options.fillCache());
        } catch (UncheckedIOException e) {
            throw wrap("read failed", e);
        } finally {
            sv.unref();
        }
    }

    /**
     * A latest-value point read answered from memory only (see {@link PointLookup#getCached}).
     *
     * @return the value, null when absent, or {@link PointLookup#NEEDS_IO} when the answer needs
     *     file I/O
     * @throws IllegalArgumentException for a bad key
     * @throws dev.cairn.lsm.StoreClosedException after close
     */
    byte[] getCached(byte[] key) {
        checkOpen();
        checkKey(key);
        SuperVersion sv = state.acquireSuperVersion();
        long seq = state.lastSequence; // after the super version, as in get
        try {
            return state.lookup.getCached(sv, key, seq, state.expiredBefore());
        } finally {
            sv.unref();
        }
    }

    @Override
    public void write(WriteBatch batch, WriteOptions options) {
        CommitPipeline.Pending p = pending(batch, options, true);
        if (p == null) {
            return;
        }
        state.pipeline.submit(p);
        try {
            p.await(state.pipeline);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LsmException("interrupted while waiting for the write to be acknowledged", e);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof IOException io) {
            return new LsmException("write failed: " + io.getMessage(), io);
        }
        return new LsmException("write failed: " + t, t);
    }

    @Override
    public CompletableFuture<Void> writeAsync(WriteBatch batch, WriteOptions options) {
        CommitPipeline.Pending p = pending(batch, options, false);
        return p == null ? CompletableFuture.completedFuture(null) : state.pipeline.submit(p);
    }

    /**
     * Checks and encodes a write.
     *
     * @param blocking whether the caller will wait through {@link CommitPipeline.Pending#await}
     * @return the queued form, or null for an empty batch (nothing to do)
     */
    private CommitPipeline.Pending pending(WriteBatch batch, WriteOptions options, boolean blocking) {
        if (batch == null) {
            throw new IllegalArgumentException("batch must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("write options must not be null (use WriteOptions.defaults())");
        }
        checkOpen();
        BatchFormat.Builder encoded = BatchAccess.encoded(batch);
        if (encoded.size() > Limits.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch is " + encoded.size() + " bytes; the limit is "
                    + Limits.MAX_BATCH_SIZE + " bytes (Limits.MAX_BATCH_SIZE)");
        }
        if (encoded.count() == 0) {
            return null;
        }
        Throwable bg = state.backgroundError;
        if (bg != null) {
            throw new BackgroundErrorException("background work failed; writes are refused until resume(): " + bg, bg);
        }
        return new CommitPipeline.Pending(encoded.encode(0, 0), options.syncOr(state.options.syncWrites()), blocking);
    }

    @Override
    public Snapshot snapshot() {
        checkOpen();
        return state.snapshots.take(() -> state.lastSequence);
    }

    @Override
    public Cursor newCursor(ReadOptions options) {
        return newCursor(options, false);
    }

    /**
     * A cursor that reads only memory: memtables, open tables, cached blocks and blocks resident in
     * the page cache through a table's mapping. Any call that would wait for the disk (a table not
     * open, a block neither cached nor resident) throws {@link NotCachedException}
     * instead, after which the cursor's position is undefined and it must be closed.
     *
     * @param options the snapshot (fillCache is ignored: resident blocks read are cached as by get)
     * @return the cursor
     * @throws NotCachedException when creating it already needs a file
     */
    Cursor newCachedCursor(ReadOptions options) {
        return newCursor(options, true);
    }

    private Cursor newCursor(ReadOptions options, boolean cacheOnly) {
        checkOpen();
        SuperVersion sv = state.acquireSuperVersion();
        long seq = readSequence(options, sv);
        return CursorAssembly.open(sv, state.tables, options, seq, state.expiredBefore(), () -> state.closed, cacheOnly);
    }

    @Override
    public void flush() {
        checkOpen();
        state.flush();
    }

    @Override
    public void compactRange(byte[] from, byte[] to) {
        checkOpen();
        if (from != null) {
            checkKey(from);
        }
        if (to != null) {
            checkKey(to);
        }
        if (from != null && to != null && java.util.Arrays.compareUnsigned(from, to) > 0) {
            throw new IllegalArgumentException("range is reversed: from sorts after to (a range is [from, to))");
        }
        state.flush();
        state.compactRange(from, to);
    }

    @Override
    public void checkpoint(Path target) {
        if (target == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        try (StoreCopy c = copy()) {
            // through the store's own (serialized) view, which its background work also uses
            c.writeCheckpoint(state.fs, target);
        } catch (IOException e) {
            throw wrap("checkpoint of " + state.dir + " into " + target + " failed", e);
        }
    }

    /**
     * @return a copy of the current state: the super version and the last sequence read together
     *     under the mutex, so no write at or below that sequence is in a memtable the copy misses
     *     (memtables are switched under the mutex) and none above it is in a table it names
     */
    StoreCopy copy() {
        checkOpen();
        SuperVersion sv;
        long seq;
        state.mutex.lock();
        try {
            sv = state.acquireSuperVersion();
            seq = state.lastSequence;
        } finally {
            state.mutex.unlock();
        }
        return new StoreCopy(state.fs, state.fs, state.dir, sv, seq, state.versions.strategy(),
                state.tableOptions, state.now());
    }

    @Override
    public StoreStats stats() {
        checkOpen();
        return state.stats();
    }

    @Override
    public void resume() {
        checkOpen();
        state.resume();
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (state.closed) {
                return;
            }
            state.close();
        }
    }

    @Override
    public String toString() {
        return "LsmStore(" + state.dir + (state.closed ? ", closed" : "") + ")";
    }

    static LsmException wrap(String what, Throwable t) {
        if (t instanceof LsmException e) {
            return e;
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            t = u.getCause();
        }
        return new LsmException(what + ": " + t.getMessage(), t);
    }

    static BackgroundScheduler defaultScheduler(StoreOptions options) {
        return new ThreadPoolScheduler(options.backgroundThreads());
    }
}

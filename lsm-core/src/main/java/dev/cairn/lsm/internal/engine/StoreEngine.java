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
import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.iterator.MergingIterator;
import dev.cairn.lsm.internal.key.RangeTombstoneSet;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.sstable.NotCachedException;
import dev.cairn.lsm.internal.version.LevelIterator;
import dev.cairn.lsm.internal.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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

    private static void checkKey(byte[] key) {
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
        try {
            List<InternalIterator> children = new ArrayList<>();
            List<RangeTombstoneSet> tombs = new ArrayList<>();
            // An empty active memtable holds nothing this snapshot can see (writes fill it before
            // their sequence is published), so it is left out of the merge.
            if (!sv.mem.isEmpty()) {
                children.add(sv.mem.iterator());
            }
            tombs.add(sv.mem.rangeTombstones());
            for (MemTable m : sv.imms) {
                children.add(m.iterator());
                tombs.add(m.rangeTombstones());
            }
            Version v = sv.version;
            for (FileMetadata f : v.files(0)) {
                children.add(tableIterator(f, options, cacheOnly));
            }
            for (int level = 1; level < Version.NUM_LEVELS; level++) {
                List<FileMetadata> files = v.files(level);
                // A level iterator even for a level of one table, as LevelDB and RocksDB do: the
                // merge then sees the same kinds of children (memtables, level-0 tables, levels)
                // in a small store as in a large one. When a store grew its first two-table level
                // the JIT, which had inlined the merge's calls for the kinds it had seen,
                // deoptimized the whole scan loop and ran it interpreted while it recompiled:
                // most of a first scan of a 1 M-key store (JFR, two cpus).
                if (!files.isEmpty()) {
                    children.add(new LevelIterator(files, state.tables, options.fillCache(), cacheOnly));
                }
            }
            for (FileMetadata f : v.allFiles()) {
                if (f.rangeTombstones() > 0) {
                    if (cacheOnly && state.tables.readerIfOpen(f) == null) {
                        throw new NotCachedException("table " + f.number() + "'s range tombstones");
                    }
                    tombs.add(state.tables.tombstones(f));
                }
            }
            InternalIterator merged = children.size() == 1 ? children.get(0) : new MergingIterator(children);
            return new StoreCursor(merged, seq, RangeTombstoneSet.union(tombs), state.expiredBefore(),
                    () -> state.closed, sv::unref);
        } catch (RuntimeException e) {
            sv.unref();
            throw e instanceof UncheckedIOException u ? wrap("cannot open cursor", u) : e;
        }
    }

    private InternalIterator tableIterator(FileMetadata f, ReadOptions options, boolean cacheOnly) {
        return cacheOnly ? state.tables.cachedIterator(f) : state.tables.reader(f).newIterator(options.fillCache());
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

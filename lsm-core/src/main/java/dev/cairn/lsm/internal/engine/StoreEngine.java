// The LsmStore implementation and the engine's one entry point (open, reached reflectively by
// the API): builds the store's parts, serves reads and writes, runs the lifecycle. Thread-safe;
// see docs/architecture.md for which part owns which state.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.BackgroundErrorException;
import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.ColumnFamilyOptions;
import dev.cairn.lsm.CompactionAdvice;
import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.Limits;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.ReadTier;
import dev.cairn.lsm.Snapshot;
import dev.cairn.lsm.StoreClosedException;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.StoreStats;
import dev.cairn.lsm.Transaction;
import dev.cairn.lsm.TransactionOptions;
import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.WriteOptions;
import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.DirectoryLock;
import dev.cairn.lsm.internal.io.SerializedFileSystem;
import dev.cairn.lsm.internal.sstable.BlockCache;
import dev.cairn.lsm.internal.txn.StoreTransaction;
import dev.cairn.lsm.internal.version.TableRegistry;
import dev.cairn.lsm.internal.version.VersionSet;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import okio.FileSystem;
import okio.Path;

/**
 * The {@link LsmStore} implementation: argument checks, the read path (point lookups and
 * cursors over a {@link SuperVersion}), writes (queued on the write side's group commit),
 * snapshots, statistics and the lifecycle. It builds the store's parts and is the only object that
 * holds all of them: the write side ({@link WriteSide}, with the {@link MemTables} and the
 * {@link CommitPipeline}), background work ({@link BackgroundWork}, {@link BackgroundJobs}) and the
 * version side ({@link VersionSet}, the {@link TableRegistry}, the picker). No part refers back to
 * it. Thread-safe; its own mutable state is {@link #closed} (volatile) and {@link #dirLock}
 * (guarded by {@link #closeLock}).
 */
public final class StoreEngine extends FamilyMethods {
    private final Path dir;
    private final StoreOptions options;
    private final FileSystem fs;
    /** Encrypts the store's tables, logs and manifests; null when the store is not encrypted. */
    private final StoreCipher cipher;
    private final StoreLock lock = new StoreLock();
    private final StoreClock clock;
    private final StoreCounters counters = new StoreCounters();
    private final SnapshotList snapshots;
    private final BackgroundJobs jobs;
    private final BlockCache cache;
    private final TableRegistry tables;
    private final VersionSet versions;
    /** The default family. */
    private final Keyspace main;
    private final BackgroundWork background;
    private final WriteSide writes;
    private final EngineTransactions transactions;
    private final LiveLogs logs;
    /** Serialises close (and guards {@link #dirLock}). */
    private final Object closeLock = new Object();
    /** Guarded by {@link #closeLock} once open has returned. */
    private Closeable dirLock;
    /** Volatile: set once, when close (or a failed open) begins. */
    private volatile boolean closed;

    private StoreEngine(Path dir, StoreOptions options) {
        this.dir = dir;
        this.options = options;
        // First: a key supplier that fails or gives a bad key is refused before anything else is made.
        this.cipher = StoreCipher.of(options.encryption(), dir.toString());
        this.fs = SerializedFileSystem.wrap(options.fileSystem());
        this.clock = new StoreClock(options);
        this.snapshots = new SnapshotList(clock::now);
        this.jobs = new BackgroundJobs(lock, options.scheduler() != null ? options.scheduler()
                : new ThreadPoolScheduler(options.backgroundThreads()));
        this.cache = options.blockCacheBytes() > 0 ? new BlockCache(options.blockCacheBytes()) : null;
        this.tables = new TableRegistry(fs, dir, cache, cipher, jobs::release, counters.tableBytesRead);
        tables.blobs().separateFrom(options.valueSeparationThreshold());
        this.versions = new VersionSet(fs, dir, tables, cipher);
        this.families = new ColumnFamilySet(this, lock, options, fs, dir, cipher, tables, versions, snapshots, clock,
                counters, () -> closed);
        this.listener = options.listener();
        this.main = families.open(versions.family(0));
        LiveLogs logs = new LiveLogs();
        this.background = new BackgroundWork(lock, jobs, families::live, versions, logs, counters, clock,
                options.listener(), fs, dir, options.backgroundThreads());
        families.compactionWanted(background::compactionWanted);
        this.writes = new WriteSide(lock, families::live, families::byId, logs, versions, background, counters, clock,
                fs, dir, cipher);
        this.versioned = new VersionedReads(snapshots, writes::lastSequence, versions, clock);
        this.transactions = new EngineTransactions(this, families, tables, versioned);
        this.logs = logs;
    }

    /**
     * Opens a store.
     *
     * @param dir the directory
     * @param options the options
     * @return the open store
     */
    public static LsmStore open(Path dir, StoreOptions options) {
        options = EngineLog.listening(dir, options);
        StoreEngine store = new StoreEngine(dir, options);
        try {
            store.fs.createDirectories(dir, false);
            // Locks are keyed by the caller's file system, not by this store's serialized view of it.
            store.dirLock = DirectoryLock.acquire(options.fileSystem(), dir);
            store.start(new Recovery(store.fs, dir, options, store.cipher, store.versions, store.tables,
                    f -> f.id() == 0 ? store.main : store.families.open(f), store.counters).run());
            return store;
        } catch (Throwable t) {
            store.abortOpen();
            if (t instanceof Error e) {
                throw e;
            }
            throw Failures.wrap("cannot open store " + dir, t);
        }
    }

    /** Hands what recovery found to the parts and starts background work. */
    private void start(Recovery.Recovered r) {
        versioned.recovered(r.lastSequence());
        writes.start(r.log(), r.lastSequence());
        lock.lock();
        try {
            logs.addAll(r.logNumbers());
            for (Keyspace ks : families.live()) {
                ks.memtables().start(r.memtables().get(ks.familyId()));
            }
        } finally {
            lock.unlock();
        }
        background.maybeScheduleCompaction();
    }

    private void abortOpen() {
        closed = true;
        jobs.beginClosing();
        writes.abandonLog();
        try {
            versions.close();
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
        releaseDirLock();
        jobs.shutdown();
    }

    private void releaseDirLock() {
        if (dirLock != null) {
            try {
                dirLock.close();
            } catch (IOException ignored) {
                // the lock dies with the process anyway
            }
            dirLock = null;
        }
    }

    @Override
    void checkOpen() {
        if (closed) {
            throw new StoreClosedException("store " + dir + " is closed");
        }
    }

    /** @return the value, null when absent, or {@link PointLookup#NEEDS_IO} when the tier stopped the read */
    @Override
    byte[] read(Keyspace ks, byte[] key, ReadOptions options) {
        checkOpen();
        Limits.checkKey(key, "key");
        SuperVersion sv = ks.memtables().acquire();
        long seq = versioned.sequence(options, sv);
        Keyspace.Tuning t = ks.tuning();
        long expiredBefore = versioned.expiredBefore(options, t.options().ttl());
        try {
            return options.readTier() == ReadTier.MEMORY_ONLY
                    ? t.lookup().getCached(sv, key, seq, expiredBefore)
                    : t.lookup().get(sv, key, seq, expiredBefore, options.fillCache());
        } catch (UncheckedIOException e) {
            throw Failures.wrap("read failed", e);
        } finally {
            sv.unref();
        }
    }

    @Override
    public void write(WriteBatch batch, WriteOptions options) {
        write(batch, options, null);
    }

    /**
     * Writes a batch that the commit leader validates first (null: none), as a transaction's
     * commit does; blocks until acknowledged.
     */
    void write(WriteBatch batch, WriteOptions options, CommitPipeline.Validation validation) {
        CommitPipeline.Pending p = pending(batch, options, true, validation);
        if (p == null) {
            return;
        }
        writes.submit(p);
        try {
            p.await(writes.pipeline());
        } catch (ExecutionException e) {
            throw Failures.ofWrite(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LsmException("interrupted while waiting for the write to be acknowledged", e);
        }
    }

    @Override
    public CompletableFuture<Void> writeAsync(WriteBatch batch, WriteOptions options) {
        CommitPipeline.Pending p = pending(batch, options, false, null);
        return p == null ? CompletableFuture.completedFuture(null) : writes.submit(p);
    }

    private CommitPipeline.Pending pending(WriteBatch batch, WriteOptions options, boolean blocking,
                                           CommitPipeline.Validation validation) {
        return WriteAdmission.pending(batch, options, blocking, validation, this::checkOpen, families, background,
                this.options.syncWrites());
    }

    @Override
    public Transaction beginTransaction(TransactionOptions options) {
        checkOpen();
        return new StoreTransaction(transactions, options);
    }

    @Override
    public Snapshot snapshot() {
        checkOpen();
        return snapshots.take(writes::lastSequence);
    }

    @Override
    public Cursor newCursor(ReadOptions options) {
        return newCursor(main, options);
    }

    @Override
    public Cursor newCursor(ColumnFamily family, ReadOptions options) {
        checkOpen();
        Keyspace ks = families.check(family);
        SuperVersion sv = ks.memtables().acquire();
        long seq = versioned.sequence(options, sv);
        try {
            Keyspace.Tuning t = ks.tuning();
            return t.cursors().open(sv, seq, versioned.expiredBefore(options, t.options().ttl()), options.fillCache(),
                    options.readTier() == ReadTier.MEMORY_ONLY);
        } catch (RuntimeException e) {
            sv.unref();
            throw e instanceof UncheckedIOException u ? Failures.wrap("cannot open cursor", u) : e;
        }
    }

    @Override
    public void flush() {
        checkOpen();
        flushMemtables(null);
    }

    @Override
    public void flush(ColumnFamily family) {
        checkOpen();
        flushMemtables(families.check(family));
    }

    /**
     * Freezes the memtables (a log switch freezes every family holding data) and waits until every
     * immutable memtable of {@code ks} (null: of every family) is a live table.
     */
    private void flushMemtables(Keyspace ks) {
        writes.requestMemtableSwitch();
        background.awaitFlushed(ks);
    }

    @Override
    public void compactRange(byte[] from, byte[] to) {
        compactRange(main, from, to);
    }

    @Override
    public void compactRange(ColumnFamily family, byte[] from, byte[] to) {
        checkOpen();
        Keyspace ks = families.check(family);
        Limits.checkOptionalRange(from, to);
        // Like RocksDB's CompactRange: what the memtables hold (a deleteRange, say) takes part.
        flushMemtables(ks);
        background.compactRange(ks, from, to);
    }

    @Override
    public void checkpoint(Path target) {
        if (target == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        try (StoreCopy c = copy()) {
            // through the store's own (serialized) view, which its background work also uses
            c.writeCheckpoint(fs, target);
        } catch (IOException e) {
            throw Failures.wrap("checkpoint of " + dir + " into " + target + " failed", e);
        }
    }

    /**
     * @return a copy of the current state: the super version and the last sequence read together
     *     under the mutex, so no write at or below that sequence is in a memtable the copy misses
     *     (memtables are switched under the mutex) and none above it is in a table it names
     */
    StoreCopy copy() {
        checkOpen();
        List<StoreCopy.Part> parts;
        long seq;
        lock.lock();
        try {
            parts = families.copyParts();
            seq = writes.lastSequence();
        } finally {
            lock.unlock();
        }
        return new StoreCopy(fs, fs, dir, parts, versions.lastFamilyId(), seq, clock.now(), versions.commitTimes());
    }

    @Override
    public StoreStats stats() {
        return stats(main);
    }

    @Override
    public StoreStats stats(ColumnFamily family) {
        checkOpen();
        Keyspace ks = families.check(family);
        SuperVersion sv = ks.memtables().acquire();
        try {
            return counters.report(sv, cache, ks.tuning().picker().pendingBytes(sv.version, ks.versions().pickerMemory()),
                    writes.lastSequence(), snapshots, tables.blobs().reclaimedBytes());
        } finally {
            sv.unref();
        }
    }

    @Override
    public CompactionAdvice compactionAdvice(ColumnFamily family) {
        Keyspace ks = families.check(family);
        return KeyspaceAdvice.advise(family, ks.meter(), stats(family), ks.versions().current(),
                ks.versions().strategy(), ks.tuning().options(), clock.now());
    }

    @Override
    public void resume() {
        checkOpen();
        lock.lock();
        try {
            if (!background.clearError()) {
                return;
            }
            if (writes.broken()) {
                writes.switchMemtable();
            }
            background.scheduleFlush();
        } finally {
            lock.unlock();
        }
        background.awaitFlushed(null);
        background.maybeScheduleCompaction();
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            jobs.beginClosing();
            try {
                writes.pipeline().awaitIdle();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            jobs.cancelAndAwait();
            Throwable failure;
            lock.lock();
            try {
                failure = writes.closeLog();
                for (Keyspace ks : families.live()) {
                    ks.memtables().close();
                }
            } finally {
                lock.unlock();
            }
            try {
                versions.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
            releaseDirLock();
            jobs.shutdown();
            EngineLog.closed(dir);
            if (failure != null) {
                throw new LsmException("store " + dir + " closed, but syncing its files failed: " + failure.getMessage(), failure);
            }
        }
    }

    @Override
    public String toString() {
        return "LsmStore(" + dir + (closed ? ", closed" : "") + ")";
    }
}

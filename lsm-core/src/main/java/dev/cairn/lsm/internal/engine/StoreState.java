package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.BackgroundErrorException;
import dev.cairn.lsm.BackgroundScheduler;
import dev.cairn.lsm.EventListener;
import dev.cairn.lsm.LevelStats;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.StoreClosedException;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.StoreStats;
import dev.cairn.lsm.internal.compaction.CompactionPicker;
import dev.cairn.lsm.internal.compaction.JobContext;
import dev.cairn.lsm.internal.compaction.Pickers;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.DirectoryLock;
import dev.cairn.lsm.internal.io.SerializedFileSystem;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.sstable.BlockCache;
import dev.cairn.lsm.internal.sstable.TableOptions;
import dev.cairn.lsm.internal.version.TableRegistry;
import dev.cairn.lsm.internal.version.Version;
import dev.cairn.lsm.internal.version.VersionSet;
import dev.cairn.lsm.internal.wal.LogWriter;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import okio.FileSystem;
import okio.Path;

/**
 * The mutable heart of an open store: the active and immutable memtables, the write-ahead log,
 * the version set, the published last sequence, the background error, and the counters behind
 * {@link StoreStats}. Fields marked "mutex" are guarded by {@link #mutex}; the active memtable and
 * the log are only touched by the commit leader (or under the mutex when switching). The leader's
 * side (stalls, memtable switch, log append) is in {@link WritePath}, background work in
 * {@link BackgroundWork}, recovery in {@link Recovery}.
 */
final class StoreState {
    /** Immutable memtables allowed before writers stall. */
    static final int MAX_IMMUTABLES = 2;

    final FileSystem fs;
    final Path dir;
    final StoreOptions options;
    final Clock clock;
    final EventListener listener;
    final TableOptions tableOptions;
    /** Encrypts the store's tables, logs and manifests; null when the store is not encrypted. */
    final StoreCipher cipher;
    final BlockCache cache;
    final TableRegistry tables;
    final VersionSet versions;
    final CompactionPicker picker;
    final SnapshotList snapshots = new SnapshotList();
    final CommitPipeline pipeline;
    final PointLookup lookup;
    final BackgroundScheduler scheduler;
    final BackgroundWork background;
    final WritePath writes = new WritePath(this);

    final ReentrantLock mutex = new ReentrantLock();
    /** Signalled whenever memtables, versions or the background error change. */
    final Condition changed = mutex.newCondition();

    private Closeable dirLock;
    volatile MemTable mem;
    /** mutex: numbers of the write-ahead logs on disk, oldest first. */
    final java.util.TreeSet<Long> logNumbers = new java.util.TreeSet<>();
    /** mutex: immutable memtables, oldest first. */
    final List<MemTable> imms = new ArrayList<>();
    private volatile SuperVersion superVersion;
    volatile long lastSequence;
    volatile Throwable backgroundError;
    volatile boolean closed;

    final AtomicLong userBytes = new AtomicLong();
    final AtomicLong walBytes = new AtomicLong();
    final AtomicLong flushBytes = new AtomicLong();
    final AtomicLong compactionBytesWritten = new AtomicLong();
    final AtomicLong compactionBytesRead = new AtomicLong();
    final AtomicLong stallNanos = new AtomicLong();

    private StoreState(Path dir, StoreOptions options) {
        this.fs = SerializedFileSystem.wrap(options.fileSystem());
        this.dir = dir;
        this.options = options;
        this.clock = options.clock();
        this.listener = options.listener();
        this.cipher = StoreCipher.of(options.encryption(), dir.toString());
        this.tableOptions = new TableOptions(options.blockSize(), TableOptions.DATA_RESTART_INTERVAL, options.bloomBitsPerKey(),
                options.compression(), cipher);
        this.cache = options.blockCacheBytes() > 0 ? new BlockCache(options.blockCacheBytes()) : null;
        this.tables = new TableRegistry(fs, dir, cache, cipher, this::releaseTable);
        this.versions = new VersionSet(fs, dir, tables, cipher);
        this.picker = Pickers.forStrategy(options);
        this.pipeline = new CommitPipeline(this);
        this.lookup = new PointLookup(tables, picker.compactsBySeeks(), this::compactionWanted);
        this.scheduler = options.scheduler() != null ? options.scheduler() : StoreEngine.defaultScheduler(options);
        this.background = new BackgroundWork(this);
    }

    static StoreState open(Path dir, StoreOptions options) {
        StoreState s = new StoreState(dir, options);
        try {
            s.fs.createDirectories(dir, false);
            // Locks are keyed by the caller's file system, not by this store's serialized view of it.
            s.dirLock = DirectoryLock.acquire(options.fileSystem(), dir);
            new Recovery(s).run();
            s.background.maybeScheduleCompaction();
            return s;
        } catch (Throwable t) {
            s.abortOpen();
            if (t instanceof Error e) {
                throw e;
            }
            throw StoreEngine.wrap("cannot open store " + dir, t);
        }
    }

    private void abortOpen() {
        closed = true;
        writes.abandonLog();
        try {
            versions.close();
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
        closeLock();
        scheduler.shutdown();
    }

    private void closeLock() {
        if (dirLock != null) {
            try {
                dirLock.close();
            } catch (IOException ignored) {
                // the lock dies with the process anyway
            }
            dirLock = null;
        }
    }

    /** Called by recovery once the log and memtable exist. */
    void startWith(MemTable memtable, LogWriter log, long lastSeq) {
        mem = memtable;
        writes.start(log);
        lastSequence = lastSeq;
        mutex.lock();
        try {
            installSuperVersion();
        } finally {
            mutex.unlock();
        }
    }

    long now() {
        return clock.millis();
    }

    long lastSequence() {
        return lastSequence;
    }

    long expiredBefore() {
        return options.ttl() == null ? Long.MIN_VALUE : clock.millis() - options.ttl().toMillis();
    }

    JobContext jobContext(BooleanSupplier cancelled) {
        return new JobContext(fs, dir, tables, tableOptions, versions::newFileNumber, snapshots.sequences(),
                expiredBefore(), now(), cancelled);
    }

    // ---- read side ---------------------------------------------------------------------------

    SuperVersion acquireSuperVersion() {
        while (true) {
            SuperVersion sv = superVersion;
            if (sv.tryRef()) {
                return sv;
            }
        }
    }

    /** mutex held: publishes the current memtables and version to readers. */
    void installSuperVersion() {
        List<MemTable> newestFirst = new ArrayList<>(imms);
        Collections.reverse(newestFirst);
        SuperVersion next = new SuperVersion(mem, newestFirst, versions.acquireCurrent());
        SuperVersion old = superVersion;
        superVersion = next;
        if (old != null) {
            old.unref();
        }
        changed.signalAll();
    }

    // ---- background error, flush, resume, close ------------------------------------------------

    void setBackgroundError(Throwable e) {
        mutex.lock();
        try {
            if (backgroundError == null && !closed) {
                backgroundError = e;
                notify(() -> listener.onBackgroundError(e));
            }
            changed.signalAll();
        } finally {
            mutex.unlock();
        }
    }

    /** Freezes the memtable and waits until every immutable memtable is a live table. */
    void flush() {
        try {
            pipeline.submit(new CommitPipeline.Pending(null, false)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new LsmException("flush failed", e.getCause());
        }
        awaitFlushed();
    }

    private void awaitFlushed() {
        mutex.lock();
        try {
            while (!imms.isEmpty()) {
                if (backgroundError != null) {
                    throw new BackgroundErrorException("flush failed: " + backgroundError, backgroundError);
                }
                if (closed) {
                    throw new StoreClosedException("store " + dir + " closed during flush");
                }
                background.scheduleFlush();
                changed.await(50, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LsmException("interrupted while waiting for flush", e);
        } finally {
            mutex.unlock();
        }
    }

    void compactRange(byte[] from, byte[] to) {
        // Like RocksDB's CompactRange: what the memtables hold (a deleteRange, say) takes part.
        flush();
        background.compactRange(from, to);
    }

    void resume() {
        mutex.lock();
        try {
            if (backgroundError == null) {
                return;
            }
            backgroundError = null;
            if (writes.broken()) {
                writes.switchMemtable();
            }
            background.scheduleFlush();
        } finally {
            mutex.unlock();
        }
        awaitFlushed();
        background.maybeScheduleCompaction();
    }

    StoreStats stats() {
        SuperVersion sv = acquireSuperVersion();
        try {
            Version v = sv.version;
            List<LevelStats> levels = new ArrayList<>();
            for (int i = 0; i < Version.NUM_LEVELS; i++) {
                levels.add(new LevelStats(i, v.files(i).size(), v.levelBytes(i)));
            }
            long memBytes = sv.mem.approximateBytes();
            for (MemTable m : sv.imms) {
                memBytes += m.approximateBytes();
            }
            return new StoreStats(memBytes, sv.imms.size(), levels,
                    cache == null ? 0 : cache.hits(), cache == null ? 0 : cache.misses(),
                    userBytes.get(), walBytes.get(), flushBytes.get(), compactionBytesWritten.get(),
                    compactionBytesRead.get(), picker.pendingBytes(v), stallNanos.get(), lastSequence);
        } finally {
            sv.unref();
        }
    }

    void close() {
        closed = true;
        try {
            pipeline.awaitIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        background.cancelAndAwait();
        Throwable failure;
        mutex.lock();
        try {
            failure = writes.closeLog();
            SuperVersion sv = superVersion;
            superVersion = null;
            if (sv != null) {
                sv.unref();
            }
        } finally {
            mutex.unlock();
        }
        try {
            versions.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        closeLock();
        scheduler.shutdown();
        if (failure != null) {
            throw new LsmException("store " + dir + " closed, but syncing its files failed: " + failure.getMessage(), failure);
        }
    }

    void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException ignored) {
            // listeners must not break the store
        }
    }

    /** A read made a table its version's seek candidate: look for compaction work. */
    private void compactionWanted() {
        try {
            background.maybeScheduleCompaction();
        } catch (RuntimeException e) {
            // The read that asked has its answer; the next flush or compaction looks again.
        }
    }


    /** Releases an obsolete table (see {@link BackgroundWork#release}). */
    private void releaseTable(Runnable release) {
        background.release(release);
    }

}

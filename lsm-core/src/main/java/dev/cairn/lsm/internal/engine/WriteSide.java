// The write side of a store: the group commit (CommitPipeline), the active write-ahead log, the
// last published sequence number, and where a committed group goes (the log, then the active
// memtable). It makes room for each group: stalls while background work is behind, and switches to
// a fresh memtable and log when a family's active one is full. A log switch freezes the active
// memtable of every column family that holds data (and gives the idle ones a fresh, empty one on the
// new log), so no family pins an old log beyond the flush that follows. It fills each family's
// memtables (MemTables), which background work empties; it reaches background work only through
// the BackgroundRequests it is handed, and the version set only for file numbers and the last sequence.
//
// Locking: `wal` and `walBroken` are confined to the commit leader (one thread at a time;
// leadership passes through the pipeline's queue lock). Two other threads touch them, each where no
// leader can be appending: resume() switches the log under the store lock while the background
// error turns every leader away in makeRoomForWrite, and close() closes it under the store lock
// once the pipeline is idle. `lastSequence` is volatile: written only by the leader, once a group
// is in the log and the memtable; read by anyone (readers, snapshots, the version set's edits).
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.BackgroundErrorException;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.StoreClosedException;
import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.compaction.CompactionPicker;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.DirectorySyncer;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.version.CommitTimes;
import dev.cairn.lsm.internal.version.VersionSet;
import dev.cairn.lsm.internal.wal.LogWriter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import okio.FileSystem;
import okio.Path;

/** The group commit, the active log and the last sequence; see the file comment. */
final class WriteSide implements CommitPipeline.Committer {
    /** Immutable memtables allowed before writers stall. */
    static final int MAX_IMMUTABLES = 2;

    private final StoreLock lock;
    /** The live families, the default first. */
    private final Supplier<List<Keyspace>> families;
    /** The live family of an id, or null (a dropped family's writes are not applied). */
    private final IntFunction<Keyspace> family;
    private final LiveLogs logs;
    private final VersionSet versions;
    private final BackgroundRequests background;
    private final StoreCounters counters;
    private final StoreClock clock;
    private final FileSystem fs;
    private final Path dir;
    /** Final: seals the logs of an encrypted store, else null. */
    private final StoreCipher cipher;
    private final CommitPipeline pipeline;
    /** Volatile: written only by the commit leader once a group is applied; read by anyone. */
    private volatile long lastSequence;
    /** The commit leader's (or, once the pipeline is idle, close's under the store lock). */
    private LogWriter wal;
    /** An append or sync of {@link #wal} failed: no more appends until a switch to a new log. Same owner as wal. */
    private boolean walBroken;

    /**
     * @param families the live families (each with its memtable size and level-0 stall thresholds)
     * @param family the live family of an id, or null
     * @param cipher seals the logs of an encrypted store; null when the store is not encrypted
     */
    WriteSide(StoreLock lock, Supplier<List<Keyspace>> families, IntFunction<Keyspace> family, LiveLogs logs,
              VersionSet versions, BackgroundRequests background,
              StoreCounters counters, StoreClock clock, FileSystem fs, Path dir, StoreCipher cipher) {
        this.lock = lock;
        this.families = families;
        this.family = family;
        this.logs = logs;
        this.versions = versions;
        this.background = background;
        this.counters = counters;
        this.clock = clock;
        this.fs = fs;
        this.dir = dir;
        this.cipher = cipher;
        this.pipeline = new CommitPipeline(this, "cairn-stalled-commit " + dir);
    }

    /** At open: the log later groups are appended to, and the last sequence recovery found. */
    void start(LogWriter log, long lastSeq) {
        wal = log;
        lastSequence = lastSeq;
    }

    /** @return the sequence number of the newest write readers may see */
    @Override
    public long lastSequence() {
        return lastSequence;
    }

    @Override
    public long now() {
        return clock.commitTime();
    }

    /** @return the group commit writes are queued on */
    CommitPipeline pipeline() {
        return pipeline;
    }

    /** Freezes the active memtable, if it holds anything, through the pipeline; waits for the switch. */
    void requestMemtableSwitch() {
        CommitPipeline.Pending p = CommitPipeline.Pending.memtableSwitch();
        pipeline.submit(p);
        try {
            p.await(pipeline);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new LsmException("flush failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LsmException("interrupted while waiting to flush", e);
        }
    }

    /** @return store lock held: whether the active log failed and must be replaced before the next append */
    boolean broken() {
        return walBroken;
    }

    /**
     * Leader only: switches memtables when full and stalls while background work is behind; a
     * leader that may not wait is told so (false) instead, with nothing changed.
     */
    @Override
    public boolean makeRoomForWrite(boolean mayWait) {
        boolean delayed = false;
        long stallStart = 0;
        lock.lock();
        try {
            while (true) {
                Throwable bg = background.error();
                if (bg != null) {
                    throw new BackgroundErrorException("background work failed; writes are refused until resume(): " + bg, bg);
                }
                Pressure p = pressure();
                int l0 = p.l0;
                if (!delayed && p.slowdown) {
                    if (!mayWait) {
                        return false;
                    }
                    delayed = true;
                    if (stallStart == 0) {
                        stallStart = background.stallBegan("level-0 slowdown: " + l0 + " tables");
                    }
                    lock.unlock();
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                if (!p.full) {
                    return true;
                }
                int waiting = p.waiting;
                if (waiting >= MAX_IMMUTABLES || p.stop) {
                    if (background.stalledForGood()) {
                        throw new StoreClosedException("store " + dir + " closed while writes were stalled");
                    }
                    background.scheduleFlush();
                    background.maybeScheduleCompaction();
                    if (!mayWait) {
                        return false;
                    }
                    if (stallStart == 0) {
                        stallStart = background.stallBegan(waiting >= MAX_IMMUTABLES
                                ? "memtables waiting for flush: " + waiting : "level-0 stop: " + l0 + " tables");
                    }
                    lock.await(50);
                    continue;
                }
                switchMemtable();
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LsmException("interrupted while writes were stalled", e);
        } finally {
            if (stallStart != 0) {
                background.stallEnded(stallStart);
            }
            lock.unlock();
        }
    }

    /**
     * What the families ask of a writer.
     *
     * @param l0 the most level-0 tables of any family
     * @param slowdown a family's level 0 is at its strategy's slowdown count
     * @param full a family's active memtable is full
     * @param waiting the most immutable memtables of a family the switch would freeze
     * @param stop a full family's level 0 is at its stop count
     */
    private record Pressure(int l0, boolean slowdown, boolean full, int waiting, boolean stop) {
    }

    /** @return store lock held: the families' pressure on the next write */
    private Pressure pressure() {
        int l0 = 0;
        int waiting = 0;
        boolean slowdown = false;
        boolean full = false;
        boolean stop = false;
        for (Keyspace ks : families.get()) {
            CompactionPicker picker = ks.tuning().picker();
            MemTables m = ks.memtables();
            int n = ks.versions().current().files(0).size();
            l0 = Math.max(l0, n);
            slowdown |= n >= picker.slowdownTables();
            if (!m.active().isEmpty()) {
                waiting = Math.max(waiting, m.immutableCount());
            }
            if (m.active().approximateBytes() >= ks.tuning().options().memtableSizeBytes()) {
                full = true;
                stop |= n >= picker.stopTables();
            }
        }
        return new Pressure(l0, slowdown, full, waiting, stop);
    }

    /** Store lock held, leader (or resume): freezes the memtables and starts a new log. */
    void switchMemtable() {
        // After a failed append the old log may end before sequence numbers that were given up.
        boolean gap = walBroken;
        // Sync the old log before the new one exists, so that after a power cut only the newest
        // log can have a torn tail.
        if (!walBroken) {
            try {
                wal.sync();
                counters.walSyncs.incrementAndGet();
            } catch (IOException e) {
                walBroken = true;
                background.fail(e);
                throw new LsmException("syncing write-ahead log failed: " + e.getMessage(), e);
            }
        }
        long number = versions.newFileNumber();
        LogWriter next;
        try {
            next = LogFiles.create(fs, dir, number, false, cipher);
        } catch (IOException e) {
            background.fail(e);
            throw new LsmException("cannot create write-ahead log " + FileNames.wal(number) + ": " + e.getMessage(), e);
        }
        try {
            // The new log's name must survive a power cut before synced writes land in it.
            DirectorySyncer.sync(fs, dir);
        } catch (IOException e) {
            closeQuietly(next);
            background.fail(e);
            throw new LsmException("cannot sync directory " + dir + ": " + e.getMessage(), e);
        }
        if (gap) {
            try {
                // Recovery then accepts that this log starts past the old one's last record.
                next.addRecord(BatchFormat.gapMarker(lastSequence + 1, clock.now()), 0, BatchFormat.HEADER);
            } catch (IOException e) {
                closeQuietly(next);
                background.fail(e);
                throw new LsmException("cannot write to write-ahead log " + FileNames.wal(number) + ": " + e.getMessage(), e);
            }
        }
        LogWriter old = wal;
        IOException syncFailure = null;
        try {
            old.close();
        } catch (IOException e) {
            syncFailure = e;
        }
        logs.add(number);
        for (Keyspace ks : families.get()) {
            MemTables m = ks.memtables();
            m.freeze(MemTable.following(m.active(), number, ks.tuning().options().memtableSizeBytes()));
        }
        wal = next;
        walBroken = false;
        background.scheduleFlush();
        if (syncFailure != null) {
            // The frozen memtable's log may not be durable: refuse writes until a flush made it so.
            background.fail(syncFailure);
            throw new LsmException("syncing write-ahead log failed: " + syncFailure.getMessage(), syncFailure);
        }
    }

    /** A new log nothing was acknowledged through. */
    private static void closeQuietly(LogWriter log) {
        try {
            log.close();
        } catch (IOException ignored) {
            // nothing acknowledged was written to it
        }
    }

    /** Pipeline: freezes a non-empty memtable so a flush can write it (false: it would have to wait, and may not). */
    @Override
    public boolean switchMemtableForFlush(boolean mayWait) {
        lock.lock();
        try {
            Throwable bg = background.error();
            if (bg != null) {
                throw new BackgroundErrorException("background work failed: " + bg, bg);
            }
            Pressure p = pressure();
            if (families.get().stream().allMatch(ks -> ks.memtables().active().isEmpty())) {
                return true;
            }
            while (p.waiting >= MAX_IMMUTABLES && background.error() == null) {
                background.scheduleFlush();
                if (!mayWait) {
                    return false;
                }
                lock.await(50);
                p = pressure();
            }
            switchMemtable();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LsmException("interrupted while waiting to flush", e);
        } finally {
            lock.unlock();
        }
    }

    /** Leader only: appends one group record to the log and applies it to the memtable. */
    @Override
    public void appendAndApply(byte[] record, int count, long time, boolean sync) {
        long first = lastSequence + 1;
        try {
            if (walBroken) {
                throw new IOException("write-ahead log failed earlier");
            }
            wal.addRecord(record, 0, record.length);
            if (sync) {
                wal.sync();
                counters.walSyncs.incrementAndGet();
            }
        } catch (IOException e) {
            walBroken = true;
            // Burn the sequence numbers: the record may or may not be in the log.
            lastSequence = first + count - 1;
            versions.setLastSequence(lastSequence);
            background.fail(e);
            throw new LsmException("write-ahead log append failed: " + e.getMessage(), e);
        }
        counters.walBytes.addAndGet(record.length);
        counters.userBytes.addAndGet(record.length);
        MemTableInserter.apply(id -> {
            Keyspace ks = family.apply(id);
            return ks == null ? null : ks.memtables().active();
        }, id -> {
            Keyspace ks = family.apply(id);
            return ks == null ? null : ks.meter();
        }, record, time);
        lastSequence = first + count - 1;
        versions.setLastSequence(lastSequence);
        CommitTimes times = versions.commitTimes();
        if (times != null) {
            times.record(lastSequence, time);
        }
    }

    /** Submits a write to the group commit; see {@link CommitPipeline#submit}. */
    CompletableFuture<Void> submit(CommitPipeline.Pending p) {
        return pipeline.submit(p);
    }

    /**
     * Store lock held, pipeline idle: syncs (unless it failed) and closes the active log.
     *
     * @return the first failure, or null
     */
    IOException closeLog() {
        if (wal == null) {
            return null;
        }
        IOException failure = null;
        try {
            if (!walBroken) {
                wal.sync();
                counters.walSyncs.incrementAndGet();
            }
        } catch (IOException e) {
            failure = e;
        }
        try {
            wal.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        wal = null;
        return failure;
    }

    /** A failed open: closes the log without syncing (nothing was acknowledged through it). */
    void abandonLog() {
        if (wal != null) {
            closeQuietly(wal);
        }
    }
}

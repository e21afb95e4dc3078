// Flushes and compactions of every column family: when to start them, running them, and the
// background error a failed one leaves. At most one flush job runs at a time, taking the families'
// oldest memtables in turn (each family's flushes land in memtable order);
// compactions on disjoint tables run side by side up to backgroundThreads - 1, leaving room for a
// flush. A failure becomes the background error, which writers see (BackgroundRequests) until
// resume() clears it; a cancelled job leaves nothing behind. Jobs are tracked by BackgroundJobs,
// so close can cancel and wait for all of them. Also keeps the accounting of write stalls, which
// are waits for this work, and deletes the write-ahead logs no family needs. Takes memtables from
// each family's MemTables, installs versions through its FamilyVersions; never calls the write side
// or the store.
//
// Locking (the store lock, see StoreLock): `flushScheduled`, `compactionsRunning`,
// `manualRunning` and `compacting` are guarded by it; `error` is volatile, written under it and
// read without it (writers check it on every commit). Table building, manifest edits and file
// deletion run without it.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.BackgroundErrorException;
import dev.cairn.lsm.EventListener;
import dev.cairn.lsm.FlushInfo;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.StoreClosedException;
import dev.cairn.lsm.internal.compaction.Compaction;
import dev.cairn.lsm.internal.compaction.FlushJob;
import dev.cairn.lsm.internal.compaction.JobCancelledException;
import dev.cairn.lsm.internal.compaction.JobResult;
import dev.cairn.lsm.internal.io.DirectorySyncer;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.version.Version;
import dev.cairn.lsm.internal.version.VersionSet;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import okio.FileSystem;
import okio.Path;

/** Schedules and runs flushes and compactions; keeps the background error. See the file comment. */
final class BackgroundWork implements BackgroundRequests {
    private final StoreLock lock;
    private final BackgroundJobs jobs;
    /** The live families, the default first. */
    private final Supplier<List<Keyspace>> families;
    private final VersionSet versions;
    private final LiveLogs logs;
    private final CompactionRun compactions;
    private final StoreCounters counters;
    private final StoreClock clock;
    private final EventListener listener;
    private final FileSystem fs;
    private final Path dir;
    private final int maxCompactions;
    /** Guarded by the store lock: a flush job is scheduled or running. */
    private boolean flushScheduled;
    /** Guarded by the store lock: compaction jobs scheduled or running (a manual one included). */
    private int compactionsRunning;
    /** Guarded by the store lock: a manual compaction waits or runs; no automatic one starts. */
    private boolean manualRunning;
    /** Guarded by the store lock: numbers of the tables running compactions read. */
    private final Set<Long> compacting = new HashSet<>();
    /** Volatile, written under the store lock: the failure that stopped writes, or null. */
    private volatile Throwable error;

    /**
     * @param backgroundThreads the scheduler's threads; compactions may use all but one
     */
    BackgroundWork(StoreLock lock, BackgroundJobs jobs, Supplier<List<Keyspace>> families, VersionSet versions,
                   LiveLogs logs, StoreCounters counters, StoreClock clock,
                   EventListener listener, FileSystem fs, Path dir, int backgroundThreads) {
        this.lock = lock;
        this.jobs = jobs;
        this.families = families;
        this.versions = versions;
        this.logs = logs;
        this.compactions = new CompactionRun(lock, counters, listener, fs, dir);
        this.counters = counters;
        this.clock = clock;
        this.listener = listener;
        this.fs = fs;
        this.dir = dir;
        this.maxCompactions = Math.max(1, backgroundThreads - 1);
    }

    @Override
    public Throwable error() {
        return error;
    }

    @Override
    public void fail(Throwable e) {
        lock.lock();
        try {
            if (error == null && !jobs.closing()) {
                error = e;
                Events.deliver(() -> listener.onBackgroundError(e));
            }
            lock.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Store lock held: forgets the background error (resume).
     *
     * @return whether there was one
     */
    boolean clearError() {
        if (error == null) {
            return false;
        }
        error = null;
        return true;
    }

    @Override
    public boolean stalledForGood() {
        return jobs.closing() && !jobs.anyLive();
    }

    @Override
    public long stallBegan(String reason) {
        Events.deliver(() -> listener.onStallBegin(reason));
        return System.nanoTime();
    }

    @Override
    public void stallEnded(long start) {
        long nanos = System.nanoTime() - start;
        counters.stallNanos.addAndGet(nanos);
        Events.deliver(() -> listener.onStallEnd(nanos));
    }

    /** @return lock held: whether any family (or {@code only}, when not null) has a memtable waiting for a flush */
    private boolean flushWaiting(Keyspace only) {
        if (only != null) {
            return only.memtables().immutableCount() > 0 && !only.dropped();
        }
        for (Keyspace ks : families.get()) {
            if (ks.memtables().immutableCount() > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void scheduleFlush() {
        if (flushScheduled || !flushWaiting(null) || error != null || jobs.closing()) {
            return;
        }
        flushScheduled = true;
        TrackedJob job = jobs.track("flush", this::runFlushes, () -> flushScheduled = false);
        jobs.execute(job);
    }

    /** Waits until every immutable memtable of {@code only} (null: of every family) is a live table. */
    void awaitFlushed(Keyspace only) {
        lock.lock();
        try {
            while (flushWaiting(only)) {
                if (error != null) {
                    throw new BackgroundErrorException("flush failed: " + error, error);
                }
                if (jobs.closing()) {
                    throw new StoreClosedException("store " + dir + " closed during flush");
                }
                scheduleFlush();
                lock.await(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LsmException("interrupted while waiting for flush", e);
        } finally {
            lock.unlock();
        }
    }

    private void runFlushes(TrackedJob job) {
        try {
            while (true) {
                MemTable m = null;
                Keyspace ks = null;
                lock.lock();
                try {
                    for (Keyspace k : families.get()) {
                        if (k.memtables().oldestImmutable() != null) {
                            ks = k;
                            m = k.memtables().oldestImmutable();
                            break;
                        }
                    }
                    if (job.isCancelled() || error != null || m == null) {
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                flushOne(ks, m, job);
            }
        } catch (JobCancelledException e) {
            // the memtable stays; its log is replayed at the next open
        } catch (Throwable t) {
            fail(t);
        } finally {
            lock.lock();
            try {
                flushScheduled = false;
                if (!job.isCancelled() && flushWaiting(null) && error == null) {
                    scheduleFlush();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void flushOne(Keyspace ks, MemTable m, TrackedJob job) throws IOException {
        long start = System.nanoTime();
        MemTables memtables = ks.memtables();
        String family = ks.name();
        Events.deliver(() -> listener.onFlushBegin(new FlushInfo(0, m.entryCount(), 0, Duration.ZERO, family)));
        JobResult r = new FlushJob(m, ks.tuning().contexts().create(job::isCancelled)).run();
        DirectorySyncer.sync(fs, dir);
        VersionEdit edit = new VersionEdit();
        for (FileMetadata f : r.outputs()) {
            edit.addFile(0, f);
        }
        r.addBlobsTo(edit);
        // The version that holds the new table and the view without its memtable are published
        // in one hold of the store lock (LevelDB drops imm_ in the same hold of its mutex): were
        // another publish() to run between them, a reader would take a view with the memtable and
        // its table both, and a cursor would fold each merge operand in them twice.
        lock.lock();
        try {
            edit.setLogNumber(memtables.logNumberAfterOldest());
            if (!FamilyEdits.apply(ks, edit, r.outputs(), fs, dir)) {
                return; // the family was dropped: its memtables are let go with it
            }
            memtables.flushed(m);
        } finally {
            lock.unlock();
        }
        counters.flushBytes.addAndGet(r.bytesWritten() + r.blobBytesWritten());
        deleteObsoleteLogs();
        long number = r.outputs().isEmpty() ? 0 : r.outputs().get(0).number();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Events.deliver(() -> listener.onFlushEnd(new FlushInfo(number, m.entryCount(), r.bytesWritten(), took, family)));
        maybeScheduleCompaction();
    }

    /**
     * Deletes the logs no family needs. A family whose memtables hold nothing older than the
     * active log (it was idle, or just flushed) has its log number raised to it first, so an idle
     * family never pins old logs (RocksDB does the same when it flushes another family).
     */
    private void deleteObsoleteLogs() throws IOException {
        for (Keyspace ks : families.get()) {
            long needed;
            lock.lock();
            try {
                needed = ks.memtables().immutableCount() == 0 ? ks.memtables().neededLog() : -1;
            } finally {
                lock.unlock();
            }
            if (needed > ks.versions().logNumber()) {
                FamilyEdits.apply(ks, new VersionEdit().setLogNumber(needed), List.of(), fs, dir);
            }
        }
        long keep = versions.logNumber();
        List<Long> obsolete;
        lock.lock();
        try {
            obsolete = logs.retireBefore(keep);
        } finally {
            lock.unlock();
        }
        for (long n : obsolete) {
            try {
                fs.delete(dir.resolve(FileNames.wal(n)), false);
            } catch (IOException ignored) {
                // removed at the next open
            }
        }
    }

    /** A read made a table its version's seek candidate: look for compaction work, quietly. */
    void compactionWanted() {
        try {
            maybeScheduleCompaction();
        } catch (RuntimeException e) {
            // The read that asked has its answer; the next flush or compaction looks again.
        }
    }

    @Override
    public void maybeScheduleCompaction() {
        lock.lock();
        try {
            for (Keyspace ks : families.get()) {
                scheduleCompactions(ks);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lock held: picks and starts compactions of one family while there is work and room. */
    private void scheduleCompactions(Keyspace ks) {
        while (!jobs.closing() && error == null && !manualRunning && compactionsRunning < maxCompactions
                    && !ks.dropped()) {
                Version v = ks.versions().acquireCurrent();
                Compaction c;
                try {
                    c = ks.tuning().picker().pick(v, ks.versions().pickerMemory(), compacting, clock.now());
                } catch (RuntimeException e) {
                    v.unref();
                    throw e;
                }
                if (c == null) {
                    v.unref();
                    return;
                }
                compacting.addAll(c.removedNumbers());
                compactionsRunning++;
                TrackedJob job = jobs.track("compaction", j -> runCompaction(j, ks, c, v, true), () -> {
                    compacting.removeAll(c.removedNumbers());
                    compactionsRunning--;
                    v.unref();
                });
                try {
                    jobs.execute(job);
                } catch (RuntimeException e) {
                    job.cancel();
                    throw e;
                }
        }
    }

    private void runCompaction(TrackedJob job, Keyspace ks, Compaction c, Version v, boolean background) {
        try {
            compactions.run(ks, c, v, job::isCancelled);
        } catch (JobCancelledException e) {
            // inputs untouched, outputs removed
        } catch (Throwable t) {
            if (background) {
                fail(t);
            } else {
                if (t instanceof Error e) {
                    throw e;
                }
                throw Failures.wrap("compaction failed", t);
            }
        } finally {
            v.unref();
            lock.lock();
            try {
                compacting.removeAll(c.removedNumbers());
                compactionsRunning--;
                lock.signalAll();
            } finally {
                lock.unlock();
            }
            if (background) {
                maybeScheduleCompaction();
            }
        }
    }

    /** Runs a manual compaction on the caller's thread, after the running ones finish. */
    void compactRange(Keyspace ks, byte[] from, byte[] to) {
        Compaction c;
        Version v;
        TrackedJob job;
        lock.lock();
        try {
            manualRunning = true;
            while (compactionsRunning > 0) {
                lock.await(50);
            }
            v = ks.versions().acquireCurrent();
            c = ks.tuning().picker().manual(v, from, to);
            if (c == null) {
                v.unref();
                manualRunning = false;
                return;
            }
            compacting.addAll(c.removedNumbers());
            compactionsRunning++;
            Compaction work = c;
            Version base = v;
            job = jobs.track("manual compaction", j -> runCompaction(j, ks, work, base, false), () -> {
                compacting.removeAll(work.removedNumbers());
                compactionsRunning--;
                base.unref();
            });
        } catch (InterruptedException e) {
            manualRunning = false;
            Thread.currentThread().interrupt();
            throw new LsmException("interrupted while waiting for compactions", e);
        } finally {
            lock.unlock();
        }
        try {
            job.run();
        } finally {
            lock.lock();
            try {
                manualRunning = false;
            } finally {
                lock.unlock();
            }
            maybeScheduleCompaction();
        }
    }
}

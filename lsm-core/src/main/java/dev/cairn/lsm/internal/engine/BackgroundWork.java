// Flushes and compactions: when to start them, running them, and the background error a failed
// one leaves. At most one flush job runs at a time (flushes must land in memtable order);
// compactions on disjoint tables run side by side up to backgroundThreads - 1, leaving room for a
// flush. A failure becomes the background error, which writers see (BackgroundRequests) until
// resume() clears it; a cancelled job leaves nothing behind. Jobs are tracked by BackgroundJobs,
// so close can cancel and wait for all of them. Also keeps the accounting of write stalls, which
// are waits for this work. Takes memtables from MemTables, installs versions through the
// VersionSet; never calls the write side or the store.
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
import dev.cairn.lsm.internal.compaction.CompactionPicker;
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
import okio.FileSystem;
import okio.Path;

/** Schedules and runs flushes and compactions; keeps the background error. See the file comment. */
final class BackgroundWork implements BackgroundRequests {
    private final StoreLock lock;
    private final BackgroundJobs jobs;
    private final MemTables memtables;
    private final VersionSet versions;
    private final CompactionPicker picker;
    private final JobContexts contexts;
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
    BackgroundWork(StoreLock lock, BackgroundJobs jobs, MemTables memtables, VersionSet versions,
                   CompactionPicker picker, JobContexts contexts, StoreCounters counters, StoreClock clock,
                   EventListener listener, FileSystem fs, Path dir, int backgroundThreads) {
        this.lock = lock;
        this.jobs = jobs;
        this.memtables = memtables;
        this.versions = versions;
        this.picker = picker;
        this.contexts = contexts;
        this.compactions = new CompactionRun(lock, memtables, versions, contexts, counters, listener, fs, dir);
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

    @Override
    public void scheduleFlush() {
        if (flushScheduled || memtables.immutableCount() == 0 || error != null || jobs.closing()) {
            return;
        }
        flushScheduled = true;
        TrackedJob job = jobs.track("flush", this::runFlushes, () -> flushScheduled = false);
        jobs.execute(job);
    }

    /** Waits until every immutable memtable is a live table (a flush that asked for it). */
    void awaitFlushed() {
        lock.lock();
        try {
            while (memtables.immutableCount() > 0) {
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
                MemTable m;
                lock.lock();
                try {
                    m = memtables.oldestImmutable();
                    if (job.isCancelled() || error != null || m == null) {
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                flushOne(m, job);
            }
        } catch (JobCancelledException e) {
            // the memtable stays; its log is replayed at the next open
        } catch (Throwable t) {
            fail(t);
        } finally {
            lock.lock();
            try {
                flushScheduled = false;
                if (!job.isCancelled() && memtables.immutableCount() > 0 && error == null) {
                    scheduleFlush();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void flushOne(MemTable m, TrackedJob job) throws IOException {
        long start = System.nanoTime();
        Events.deliver(() -> listener.onFlushBegin(new FlushInfo(0, m.entryCount(), 0, Duration.ZERO)));
        JobResult r = new FlushJob(m, contexts.create(job::isCancelled)).run();
        DirectorySyncer.sync(fs, dir);
        VersionEdit edit = new VersionEdit();
        for (FileMetadata f : r.outputs()) {
            edit.addFile(0, f);
        }
        r.addBlobsTo(edit);
        lock.lock();
        try {
            edit.setLogNumber(memtables.logNumberAfterOldest());
        } finally {
            lock.unlock();
        }
        versions.logAndApply(edit);
        lock.lock();
        try {
            memtables.flushed(m);
        } finally {
            lock.unlock();
        }
        counters.flushBytes.addAndGet(r.bytesWritten() + r.blobBytesWritten());
        deleteObsoleteLogs();
        long number = r.outputs().isEmpty() ? 0 : r.outputs().get(0).number();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Events.deliver(() -> listener.onFlushEnd(new FlushInfo(number, m.entryCount(), r.bytesWritten(), took)));
        maybeScheduleCompaction();
    }

    private void deleteObsoleteLogs() {
        long keep = versions.logNumber();
        List<Long> obsolete;
        lock.lock();
        try {
            obsolete = memtables.retireLogsBefore(keep);
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
            while (!jobs.closing() && error == null && !manualRunning && compactionsRunning < maxCompactions) {
                Version v = versions.acquireCurrent();
                Compaction c;
                try {
                    c = picker.pick(v, versions.pickerMemory(), compacting, clock.now());
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
                TrackedJob job = jobs.track("compaction", j -> runCompaction(j, c, v, true), () -> {
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
        } finally {
            lock.unlock();
        }
    }

    private void runCompaction(TrackedJob job, Compaction c, Version v, boolean background) {
        try {
            compactions.run(c, v, job::isCancelled);
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
    void compactRange(byte[] from, byte[] to) {
        Compaction c;
        Version v;
        TrackedJob job;
        lock.lock();
        try {
            manualRunning = true;
            while (compactionsRunning > 0) {
                lock.await(50);
            }
            v = versions.acquireCurrent();
            c = picker.manual(v, from, to);
            if (c == null) {
                v.unref();
                manualRunning = false;
                return;
            }
            compacting.addAll(c.removedNumbers());
            compactionsRunning++;
            Compaction work = c;
            Version base = v;
            job = jobs.track("manual compaction", j -> runCompaction(j, work, base, false), () -> {
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

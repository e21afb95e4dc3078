package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.CompactionInfo;
import dev.cairn.lsm.FlushInfo;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.internal.compaction.Compaction;
import dev.cairn.lsm.internal.compaction.CompactionJob;
import dev.cairn.lsm.internal.compaction.FlushJob;
import dev.cairn.lsm.internal.compaction.JobCancelledException;
import dev.cairn.lsm.internal.compaction.JobResult;
import dev.cairn.lsm.internal.io.DirectorySyncer;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.version.Version;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Schedules and runs flushes and compactions. At most one flush job runs at a time (flushes
 * must land in memtable order); compactions on disjoint tables run side by side up to
 * {@code backgroundThreads - 1}, leaving room for a flush. A failure becomes the store's
 * background error; a cancelled job leaves nothing behind. Every job is a {@link TrackedJob}
 * so close can cancel and wait for all of them. State is guarded by the store's mutex.
 */
final class BackgroundWork {
    /** Ends the reason reported for a table moved down a level without being rewritten. */
    static final String MOVED = " (moved)";

    private final StoreState s;
    private boolean flushScheduled;
    private int compactionsRunning;
    private boolean manualRunning;
    private final Set<Long> compacting = new HashSet<>();
    private final Set<TrackedJob> live = new HashSet<>();

    BackgroundWork(StoreState s) {
        this.s = s;
    }

    private int maxCompactions() {
        return Math.max(1, s.options.backgroundThreads() - 1);
    }

    /** @return whether some job is scheduled or running (mutex held) */
    boolean canProgress() {
        return !live.isEmpty();
    }

    private TrackedJob track(String name, java.util.function.Consumer<TrackedJob> body, Runnable onSkipped) {
        TrackedJob job = new TrackedJob(name, body, () -> {
            s.mutex.lock();
            try {
                onSkipped.run();
            } finally {
                s.mutex.unlock();
            }
        }, j -> {
            s.mutex.lock();
            try {
                live.remove(j);
                s.changed.signalAll();
            } finally {
                s.mutex.unlock();
            }
        });
        live.add(job);
        return job;
    }

    /** mutex held: starts a flush job when memtables wait and none runs. */
    void scheduleFlush() {
        if (flushScheduled || s.imms.isEmpty() || s.backgroundError != null || s.closed) {
            return;
        }
        flushScheduled = true;
        TrackedJob job = track("flush", this::runFlushes, () -> flushScheduled = false);
        s.scheduler.execute(job);
    }

    private void runFlushes(TrackedJob job) {
        try {
            while (true) {
                MemTable m;
                s.mutex.lock();
                try {
                    if (job.isCancelled() || s.backgroundError != null || s.imms.isEmpty()) {
                        return;
                    }
                    m = s.imms.get(0);
                }  finally {
                    s.mutex.unlock();
                }
                flushOne(m, job);
            }
        } catch (JobCancelledException e) {
            // the memtable stays; its log is replayed at the next open
        } catch (Throwable t) {
            s.setBackgroundError(t);
        } finally {
            s.mutex.lock();
            try {
                flushScheduled = false;
                if (!job.isCancelled() && !s.imms.isEmpty() && s.backgroundError == null) {
                    scheduleFlush();
                }
            } finally {
                s.mutex.unlock();
            }
        }
    }

    private void flushOne(MemTable m, TrackedJob job) throws IOException {
        long start = System.nanoTime();
        s.notify(() -> s.listener.onFlushBegin(new FlushInfo(0, m.entryCount(), 0, Duration.ZERO)));
        JobResult r = new FlushJob(m, s.jobContext(job::isCancelled)).run();
        DirectorySyncer.sync(s.fs, s.dir);
        VersionEdit edit = new VersionEdit();
        for (FileMetadata f : r.outputs()) {
            edit.addFile(0, f);
        }
        s.mutex.lock();
        try {
            edit.setLogNumber(s.imms.size() > 1 ? s.imms.get(1).walNumber() : s.mem.walNumber());
        } finally {
            s.mutex.unlock();
        }
        s.versions.logAndApply(edit);
        s.mutex.lock();
        try {
            s.imms.remove(m);
            s.installSuperVersion();
        } finally {
            s.mutex.unlock();
        }
        s.flushBytes.addAndGet(r.bytesWritten());
        deleteObsoleteLogs();
        long number = r.outputs().isEmpty() ? 0 : r.outputs().get(0).number();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        s.notify(() -> s.listener.onFlushEnd(new FlushInfo(number, m.entryCount(), r.bytesWritten(), took)));
        maybeScheduleCompaction();
    }

    private void deleteObsoleteLogs() {
        long keep = s.versions.logNumber();
        List<Long> obsolete;
        s.mutex.lock();
        try {
            obsolete = List.copyOf(s.logNumbers.headSet(keep));
            s.logNumbers.removeAll(obsolete);
        } finally {
            s.mutex.unlock();
        }
        for (long n : obsolete) {
            try {
                s.fs.delete(s.dir.resolve(FileNames.wal(n)), false);
            } catch (IOException ignored) {
                // removed at the next open
            }
        }
    }

    /** Picks and starts compactions while there is work and room. */
    void maybeScheduleCompaction() {
        s.mutex.lock();
        try {
            while (!s.closed && s.backgroundError == null && !manualRunning && compactionsRunning < maxCompactions()) {
                Version v = s.versions.acquireCurrent();
                Compaction c;
                try {
                    c = s.picker.pick(v, compacting, s.now());
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
                TrackedJob job = track("compaction", j -> runCompaction(j, c, v, true), () -> {
                    compacting.removeAll(c.removedNumbers());
                    compactionsRunning--;
                    v.unref();
                });
                try {
                    s.scheduler.execute(job);
                } catch (RuntimeException e) {
                    job.cancel();
                    throw e;
                }
            }
        } finally {
            s.mutex.unlock();
        }
    }

    private void runCompaction(TrackedJob job, Compaction c, Version v, boolean background) {
        try {
            compact(job, c, v);
        } catch (JobCancelledException e) {
            // inputs untouched, outputs removed
        } catch (Throwable t) {
            if (background) {
                s.setBackgroundError(t);
            } else {
                if (t instanceof Error e) {
                    throw e;
                }
                throw StoreEngine.wrap("compaction failed", t);
            }
        } finally {
            v.unref();
            s.mutex.lock();
            try {
                compacting.removeAll(c.removedNumbers());
                compactionsRunning--;
                s.changed.signalAll();
            } finally {
                s.mutex.unlock();
            }
            if (background) {
                maybeScheduleCompaction();
            }
        }
    }

    private void compact(TrackedJob job, Compaction c, Version v) throws IOException {
        long start = System.nanoTime();
        List<Long> inputs = c.removedNumbers();
        boolean move = c.isMove();
        String reason = move ? c.reason() + MOVED : c.reason();
        s.notify(() -> s.listener.onCompactionBegin(new CompactionInfo(reason, c.outputLevel(), inputs,
                List.of(), 0, 0, Duration.ZERO)));
        JobResult r = c.inputs().isEmpty() || move ? new JobResult(List.of(), 0, 0)
                : new CompactionJob(c, v, s.jobContext(job::isCancelled)).run();
        VersionEdit edit = new VersionEdit();
        for (int i = 0; i < c.inputs().size(); i++) {
            edit.deleteFile(c.inputLevels().get(i), c.inputs().get(i).number());
        }
        for (FileMetadata f : c.dropWhole()) {
            edit.deleteFile(levelOf(v, f), f.number());
        }
        for (FileMetadata f : r.outputs()) {
            edit.addFile(c.outputLevel(), f);
        }
        if (move) {
            // The same table, one level down: the edit's delete applies before its add.
            edit.addFile(c.outputLevel(), c.inputs().get(0));
        }
        if (!r.outputs().isEmpty()) {
            DirectorySyncer.sync(s.fs, s.dir);
        }
        if (job.isCancelled()) {
            deleteOutputs(r);
            throw new JobCancelledException();
        }
        // If this fails the edit may still have reached the manifest: keep the outputs (the next
        // open removes them if they turn out not to be live).
        s.versions.logAndApply(edit);
        s.compactionBytesRead.addAndGet(r.bytesRead());
        s.compactionBytesWritten.addAndGet(r.bytesWritten());
        s.mutex.lock();
        try {
            s.installSuperVersion();
        } finally {
            s.mutex.unlock();
        }
        List<Long> outputs = move ? inputs : r.outputs().stream().map(FileMetadata::number).toList();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        s.notify(() -> s.listener.onCompactionEnd(new CompactionInfo(reason, c.outputLevel(), inputs, outputs,
                r.bytesRead(), r.bytesWritten(), took)));
    }

    private void deleteOutputs(JobResult r) {
        for (FileMetadata f : r.outputs()) {
            try {
                s.fs.delete(s.dir.resolve(FileNames.table(f.number())), false);
            } catch (IOException ignored) {
                // removed at next open
            }
        }
    }

    private static int levelOf(Version v, FileMetadata f) {
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
            for (FileMetadata g : v.files(level)) {
                if (g.number() == f.number()) {
                    return level;
                }
            }
        }
        return 0;
    }

    /** Runs a manual compaction on the caller's thread, after the running ones finish. */
    void compactRange(byte[] from, byte[] to) {
        Compaction c;
        Version v;
        TrackedJob job;
        s.mutex.lock();
        try {
            manualRunning = true;
            while (compactionsRunning > 0) {
                s.changed.await(50, TimeUnit.MILLISECONDS);
            }
            v = s.versions.acquireCurrent();
            c = s.picker.manual(v, from, to);
            if (c == null) {
                v.unref();
                manualRunning = false;
                return;
            }
            compacting.addAll(c.removedNumbers());
            compactionsRunning++;
            Compaction work = c;
            Version base = v;
            job = track("manual compaction", j -> runCompaction(j, work, base, false), () -> {
                compacting.removeAll(work.removedNumbers());
                compactionsRunning--;
                base.unref();
            });
        } catch (InterruptedException e) {
            manualRunning = false;
            Thread.currentThread().interrupt();
            throw new LsmException("interrupted while waiting for compactions", e);
        } finally {
            s.mutex.unlock();
        }
        try {
            job.run();
        } finally {
            s.mutex.lock();
            try {
                manualRunning = false;
            } finally {
                s.mutex.unlock();
            }
            maybeScheduleCompaction();
        }
    }

    /**
     * Runs {@code release} (closing and deleting a table no version names any more) right here on
     * a background thread, under the mutex, when the mutex is busy, or once the store is closing;
     * otherwise (a reader's thread) it becomes a job of its own, so that a get or a cursor's close
     * does not wait for a large file to be unlinked. A cancelled job still releases, so close
     * leaves no table open.
     */
    void release(Runnable release) {
        TrackedJob job = null;
        // Only tryLock: a release can come from under other locks (the version set's, when a
        // new version replaces the last holder of a table), and waiting for the mutex there
        // could invert a lock order. Without the mutex the release simply runs here.
        if (!TrackedJob.runningHere() && !s.mutex.isHeldByCurrentThread() && s.mutex.tryLock()) {
            try {
                if (!s.closed) {
                    job = track("release obsolete table", j -> release.run(), release);
                }
            } finally {
                s.mutex.unlock();
            }
        }
        if (job == null) {
            release.run();
            return;
        }
        try {
            s.scheduler.execute(job);
        } catch (RuntimeException e) {
            job.cancel();
        }
    }

    /** Cancels every job and waits until none is scheduled or running. */
    void cancelAndAwait() {
        s.mutex.lock();
        try {
            for (TrackedJob j : List.copyOf(live)) {
                s.mutex.unlock();
                try {
                    j.cancel();
                } finally {
                    s.mutex.lock();
                }
            }
            while (!live.isEmpty()) {
                s.changed.await(50, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            s.mutex.unlock();
        }
    }
}

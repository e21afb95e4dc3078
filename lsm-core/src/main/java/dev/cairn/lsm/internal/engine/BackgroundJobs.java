// The jobs a store has handed to its BackgroundScheduler, kept until each has run or been skipped,
// so that close can cancel them and wait for the last one: flushes and compactions
// (BackgroundWork), and the release of tables no version names any more (closing and deleting a
// file, which a reader's thread should not wait for). Knows nothing of what the jobs do.
//
// Locking (the store lock, see StoreLock): `live` is guarded by it; `closing` is volatile, set once
// when the store begins to close (or an open fails) and never cleared. The scheduler is the
// user's or a ThreadPoolScheduler owned by this store; it is shut down last.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.BackgroundScheduler;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Tracks a store's background jobs from scheduling to their end. */
final class BackgroundJobs {
    private final StoreLock lock;
    private final BackgroundScheduler scheduler;
    /** Guarded by the store lock: jobs scheduled and not yet finished or skipped. */
    private final Set<TrackedJob> live = new HashSet<>();
    /** Volatile: set once the store begins closing; no job is started after it. */
    private volatile boolean closing;

    BackgroundJobs(StoreLock lock, BackgroundScheduler scheduler) {
        this.lock = lock;
        this.scheduler = scheduler;
    }

    /**
     * Store lock held: a job that {@link #live} holds until it has run ({@code body}) or been skipped
     * ({@code onSkipped}, run under the store lock). Hand it to {@link #execute}.
     */
    TrackedJob track(String name, Consumer<TrackedJob> body, Runnable onSkipped) {
        TrackedJob job = new TrackedJob(name, body, () -> {
            lock.lock();
            try {
                onSkipped.run();
            } finally {
                lock.unlock();
            }
        }, j -> {
            lock.lock();
            try {
                live.remove(j);
                lock.signalAll();
            } finally {
                lock.unlock();
            }
        });
        live.add(job);
        return job;
    }

    /** Hands a tracked job to the scheduler. */
    void execute(TrackedJob job) {
        scheduler.execute(job);
    }

    /** @return store lock held: whether some job is scheduled or running */
    boolean anyLive() {
        return !live.isEmpty();
    }

    /** @return whether the store has begun closing (no job is started any more) */
    boolean closing() {
        return closing;
    }

    /** The store begins closing (or its open failed): no job is started from now on. */
    void beginClosing() {
        closing = true;
    }

    /**
     * Runs {@code release} (closing and deleting a table no version names any more) right here on
     * a background thread, under the store lock, when the lock is busy, or once the store is
     * closing; otherwise (a reader's thread) it becomes a job of its own, so that a get or a
     * cursor's close does not wait for a large file to be unlinked. A cancelled job still
     * releases, so close leaves no table open.
     */
    void release(Runnable release) {
        TrackedJob job = null;
        // Only tryLock: a release can come from under other locks (the version set's, when a
        // new version replaces the last holder of a table), and waiting for the store lock there
        // could invert a lock order. Without the lock the release simply runs here.
        if (!TrackedJob.runningHere() && !lock.isHeldByCurrentThread() && lock.tryLock()) {
            try {
                if (!closing) {
                    job = track("release obsolete table", j -> release.run(), release);
                }
            } finally {
                lock.unlock();
            }
        }
        if (job == null) {
            release.run();
            return;
        }
        try {
            scheduler.execute(job);
        } catch (RuntimeException e) {
            job.cancel();
        }
    }

    /** Cancels every job and waits until none is scheduled or running. */
    void cancelAndAwait() {
        lock.lock();
        try {
            for (TrackedJob j : List.copyOf(live)) {
                lock.unlock();
                try {
                    j.cancel();
                } finally {
                    lock.lock();
                }
            }
            while (!live.isEmpty()) {
                lock.await(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** The last step of close: stops the scheduler (a pool this store owns ends its threads). */
    void shutdown() {
        scheduler.shutdown();
    }
}

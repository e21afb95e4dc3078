// A background job kept track of until it has run or been skipped, so close can wait for it.
// Thread-safe: its state is atomic, its cancellation flag volatile.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.BackgroundScheduler;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A background job the engine keeps track of until it has run, or been cancelled before it ran,
 * so that close can wait for every job it handed to a scheduler. The body receives the job so it
 * can poll {@link #isCancelled()}. Thread-safe.
 */
final class TrackedJob implements BackgroundScheduler.Job {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    /**
     * The job the calling thread runs. Cleared rather than restored when a job ends: jobs do not
     * nest (a scheduler never runs one inside another, and a manual compaction runs on a user's
     * thread).
     */
    private static final ThreadLocal<TrackedJob> RUNNING_HERE = new ThreadLocal<>();

    private final String name;
    private final Consumer<TrackedJob> body;
    private final Runnable onSkipped;
    private final Consumer<TrackedJob> onFinished;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private volatile boolean cancelled;

    TrackedJob(String name, Consumer<TrackedJob> body, Runnable onSkipped, Consumer<TrackedJob> onFinished) {
        this.name = name;
        this.body = body;
        this.onSkipped = onSkipped;
        this.onFinished = onFinished;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run() {
        if (!state.compareAndSet(NEW, RUNNING)) {
            return;
        }
        RUNNING_HERE.set(this);
        try {
            if (cancelled) {
                onSkipped.run();
            } else {
                body.accept(this);
            }
        } finally {
            RUNNING_HERE.remove();
            state.set(DONE);
            onFinished.accept(this);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        if (state.compareAndSet(NEW, DONE)) {
            try {
                onSkipped.run();
            } finally {
                onFinished.accept(this);
            }
        }
    }

    /** @return whether the calling thread is running a tracked job (a background thread, or a manual compaction) */
    static boolean runningHere() {
        return RUNNING_HERE.get() != null;
    }

    boolean isCancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return "job " + name;
    }
}

// Where the store runs its background jobs (flush, compaction, table release): the store decides
// what and when, a scheduler only where. Implementations must be thread-safe and never run a job
// on the calling thread.
package dev.cairn.lsm;

/**
 * Runs the store's background jobs (flush and compaction). The default runs them on a few
 * platform threads; the Kotlin layer supplies one that launches each job as a child coroutine of
 * the store's scope. The store decides what to run and when; a scheduler decides only where.
 */
public interface BackgroundScheduler {
    /** A unit of background work. */
    interface Job {
        /** @return a short name for logs and thread names, such as "flush" or "compaction" */
        String name();

        /** Does the work on the calling thread; returns when done or cancelled. */
        void run();

        /**
         * Asks the job to stop at its next block boundary, leaving no partial files behind.
         * May be called from any thread, before or during {@link #run()}.
         */
        void cancel();
    }

    /**
     * Schedules a job. Must not run it on the calling thread and must not block.
     *
     * @param job the work to run
     */
    void execute(Job job);

    /**
     * Called by the store once it is closed and no job is running any more; releases any
     * threads the scheduler owns. The default does nothing.
     */
    default void shutdown() { }
}

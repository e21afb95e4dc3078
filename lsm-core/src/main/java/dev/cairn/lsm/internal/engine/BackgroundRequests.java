// What the write side may ask of background work, and all it knows of it: the background error
// (read, or raised when the log fails), a flush or compaction to start when memtables or level 0
// back up, whether any job is left that could make room, and the accounting of write stalls.
// Handed to WriteSide by the store; implemented by BackgroundWork. Implementations are
// thread-safe; each method says whether the store lock must be held.
package dev.cairn.lsm.internal.engine;

/** The write side's narrow view of background work. */
interface BackgroundRequests {
    /** @return the background error, or null; any thread, no lock */
    Throwable error();

    /** Records {@code cause} as the background error unless one is kept already; takes the store lock. */
    void fail(Throwable cause);

    /** Store lock held: starts a flush job when memtables wait and none runs. */
    void scheduleFlush();

    /** Picks and starts compactions while there is work and room; takes the store lock. */
    void maybeScheduleCompaction();

    /** @return store lock held: whether the store is closing and no job is left that could make room */
    boolean stalledForGood();

    /**
     * A writer starts to wait for background work.
     *
     * @param reason what it waits for, for the listener
     * @return the stall's start, for {@link #stallEnded}
     */
    long stallBegan(String reason);

    /** The stall that began at {@code start} ({@link #stallBegan}) is over. */
    void stallEnded(long start);
}

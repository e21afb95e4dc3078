// The store's one mutex (LevelDB's DBImpl::mutex_) and the condition signalled whenever the
// memtables, the current version, the background error or the set of background jobs change.
// It is the engine's only lock discipline: a field shared between threads is final, volatile, an
// atomic, or guarded by this lock, and its declaration says which. The lock is reentrant. Slow file
// work (building tables, appending to the log or the manifest) runs outside it; the exceptions are
// a memtable switch (it syncs the old log and creates the new one), close, and the release of a
// table whose last version is dropped under it (closing and deleting the file). Thread-safe.
//
// Fields guarded by the store lock (the rule each owner's file repeats):
//   MemTables       immutables, logNumbers; the writes of active and current (both volatile)
//   WriteSide       wal and walBroken when resume() or close() reaches them (otherwise they are
//                   confined to the commit leader); lastSequence is volatile, leader-written
//   BackgroundWork  flushScheduled, compactionsRunning, manualRunning, compacting; the writes of
//                   error (volatile)
//   BackgroundJobs  live
// Lock order: the commit pipeline's queue lock is never held together with the store lock;
// VersionSet's and TableRegistry's own monitors may be taken inside the store lock, never the
// other way round (a table release that comes from under them only tries the store lock).
package dev.cairn.lsm.internal.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The store mutex and its change condition; see the file comment for what it guards. */
final class StoreLock {
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition changed = mutex.newCondition();

    void lock() {
        mutex.lock();
    }

    void unlock() {
        mutex.unlock();
    }

    /** @return whether the lock was free and is now held by the caller */
    boolean tryLock() {
        return mutex.tryLock();
    }

    boolean isHeldByCurrentThread() {
        return mutex.isHeldByCurrentThread();
    }

    /** Lock held: wakes every thread waiting in {@link #await}. */
    void signalAll() {
        changed.signalAll();
    }

    /**
     * Lock held: waits for a change, at most {@code millis} (waiters re-check their condition, so
     * a missed signal costs at most that long).
     */
    void await(long millis) throws InterruptedException {
        changed.await(millis, TimeUnit.MILLISECONDS);
    }
}

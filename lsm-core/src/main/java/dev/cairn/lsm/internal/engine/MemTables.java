// The write side's memtables as everyone else sees them: the active memtable the commit leader
// inserts into, the immutable memtables waiting for a flush (oldest first), the numbers of the
// write-ahead logs still on disk, and the SuperVersion readers take (RocksDB's MemTableList and
// SuperVersion). The write side freezes memtables into it; background work takes the oldest one
// out once it is a table and retires the logs no memtable needs any more.
//
// Locking (the store lock, see StoreLock): `immutables` and `logNumbers` are guarded by it;
// `active` and `current` are volatile, replaced only under it, and read without it (the commit
// leader inserts into `active`; readers take `current` with a reference count, never a lock).
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.version.VersionSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/** The active and immutable memtables, their logs, and the view readers take of them. */
final class MemTables {
    private final StoreLock lock;
    private final VersionSet versions;
    /** Volatile; replaced under the store lock. The commit leader inserts into it. */
    private volatile MemTable active;
    /** Guarded by the store lock: frozen memtables, oldest first. */
    private final List<MemTable> immutables = new ArrayList<>();
    /** Guarded by the store lock: numbers of the write-ahead logs on disk, oldest first. */
    private final TreeSet<Long> logNumbers = new TreeSet<>();
    /** Volatile; replaced under the store lock, taken by readers without it. Null once closed. */
    private volatile SuperVersion current;

    /**
     * @param lock the store lock
     * @param versions where the current version of each published view comes from
     */
    MemTables(StoreLock lock, VersionSet versions) {
        this.lock = lock;
        this.versions = versions;
    }

    /**
     * Lock held, at open: the memtable recovery left and the logs on disk; then publishes the
     * first view.
     */
    void start(MemTable memtable, Collection<Long> logs) {
        active = memtable;
        logNumbers.addAll(logs);
        publish();
    }

    /** @return the memtable writes go to (the commit leader's, or under the lock) */
    MemTable active() {
        return active;
    }

    /** @return the current view, with a reference the caller must drop; never blocks */
    SuperVersion acquire() {
        while (true) {
            SuperVersion sv = current;
            if (sv.tryRef()) {
                return sv;
            }
        }
    }

    /** Lock held: publishes the current memtables and version to readers, and signals the change. */
    void publish() {
        List<MemTable> newestFirst = new ArrayList<>(immutables);
        Collections.reverse(newestFirst);
        SuperVersion next = new SuperVersion(active, newestFirst, versions.acquireCurrent());
        SuperVersion old = current;
        current = next;
        if (old != null) {
            old.retire();
        }
        lock.signalAll();
    }

    /**
     * Lock held: freezes the active memtable, makes {@code next} (whose log is {@code logNumber})
     * the active one, and publishes the change.
     */
    void freeze(MemTable next, long logNumber) {
        logNumbers.add(logNumber);
        immutables.add(active);
        active = next;
        publish();
    }

    /** @return lock held: how many memtables wait for a flush */
    int immutableCount() {
        return immutables.size();
    }

    /** @return lock held: the memtable the next flush writes, or null when none waits */
    MemTable oldestImmutable() {
        return immutables.isEmpty() ? null : immutables.get(0);
    }

    /**
     * @return lock held: the oldest log still needed once the oldest immutable memtable is a
     *     table (the next memtable's)
     */
    long logNumberAfterOldest() {
        return immutables.size() > 1 ? immutables.get(1).walNumber() : active.walNumber();
    }

    /** Lock held: {@code m} is a live table now; drops it and publishes the change. */
    void flushed(MemTable m) {
        immutables.remove(m);
        publish();
    }

    /** @return lock held: removes and returns the numbers of logs older than {@code keep} */
    List<Long> retireLogsBefore(long keep) {
        List<Long> obsolete = List.copyOf(logNumbers.headSet(keep));
        logNumbers.removeAll(obsolete);
        return obsolete;
    }

    /** Lock held, at close: drops the published view (its version reference with it). */
    void close() {
        SuperVersion sv = current;
        current = null;
        if (sv != null) {
            sv.retire();
        }
    }
}

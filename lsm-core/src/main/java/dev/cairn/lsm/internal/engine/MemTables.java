// One column family's memtables as everyone else sees them: the active memtable the commit leader
// inserts into, the immutable memtables waiting for a flush (oldest first), and the SuperVersion
// readers take (RocksDB's MemTableList and SuperVersion). The write side freezes memtables into it;
// background work takes the oldest one out once it is a table. The logs on disk are LiveLogs'.
//
// Locking (the store lock, see StoreLock): `immutables` is guarded by it;
// `active` and `current` are volatile, replaced only under it, and read without it (the commit
// leader inserts into `active`; readers take `current` with a reference count, never a lock).
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.StoreClosedException;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.version.FamilyVersions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One family's active and immutable memtables, and the view readers take of them. */
final class MemTables {
    private final StoreLock lock;
    private final FamilyVersions versions;
    /** Volatile; replaced under the store lock. The commit leader inserts into it. */
    private volatile MemTable active;
    /** Guarded by the store lock: frozen memtables, oldest first. */
    private final List<MemTable> immutables = new ArrayList<>();
    /** Volatile; replaced under the store lock, taken by readers without it. Null once closed. */
    private volatile SuperVersion current;

    /**
     * @param lock the store lock
     * @param versions where the current version of each published view comes from
     */
    MemTables(StoreLock lock, FamilyVersions versions) {
        this.lock = lock;
        this.versions = versions;
    }

    /** Lock held, at open (or creation): the first active memtable; then publishes the first view. */
    void start(MemTable memtable) {
        active = memtable;
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
            if (sv == null) {
                // Let go: the family was dropped (or the store closed) after the caller checked it.
                throw versions.dropped() ? new IllegalArgumentException("column family " + versions.name() + " was dropped")
                        : new StoreClosedException("the store is closed");
            }
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
     * Lock held: freezes the active memtable (unless empty), makes {@code next} (on the new log)
     * the active one, and publishes the change.
     */
    void freeze(MemTable next) {
        if (!active.isEmpty()) {
            immutables.add(active);
        }
        // An empty memtable is simply replaced: the family then needs no log older than next's.
        active = next;
        publish();
    }

    /** @return lock held: the oldest log that may hold this family's writes not yet in a table */
    long neededLog() {
        return immutables.isEmpty() ? active.walNumber() : immutables.get(0).walNumber();
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

    /** Lock held, at close: drops the published view (its version reference with it). */
    void close() {
        SuperVersion sv = current;
        current = null;
        if (sv != null) {
            sv.retire();
        }
    }
}

// The numbers of the write-ahead logs on disk, oldest first: every column family shares them. A
// log is retired (and deleted) only once no live family still needs it, i.e. below the lowest
// log number of any family (RocksDB's rule). Locking: guarded by the store lock.
package dev.cairn.lsm.internal.engine;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** The write-ahead logs on disk, shared by every column family; store lock held for every call. */
final class LiveLogs {
    /** Guarded by the store lock. */
    private final TreeSet<Long> numbers = new TreeSet<>();

    /** Lock held: records logs found at open or created by a switch. */
    void addAll(Collection<Long> logs) {
        numbers.addAll(logs);
    }

    /** Lock held: records a log created by a memtable switch. */
    void add(long log) {
        numbers.add(log);
    }

    /** @return lock held: removes and returns the numbers of logs older than {@code keep} */
    List<Long> retireBefore(long keep) {
        List<Long> obsolete = List.copyOf(numbers.headSet(keep));
        numbers.removeAll(obsolete);
        return obsolete;
    }
}

// A transaction commit's validation, in two passes so that a large transaction does not hold the
// write path while it is checked:
//  1. preCheck(), on the committing thread before the commit is queued: remembers the active
//     memtable, then checks every key and range of the ConflictSet against the latest state (all
//     memtables and the tables newer than the snapshot, see NewerWrites).
//  2. validate(), run by the commit leader right before the group is sequenced (no commit can land
//     in between): every write applied since pass 1 went to the memtable remembered there or a
//     later one. While that memtable is still in the current view, only it and the newer ones are
//     checked; if it was flushed meanwhile, the full check runs again. The writes of the members
//     ahead in the same group are checked too (GroupWrites).
// The first newer write found fails the commit with TransactionConflictException naming its key.
// Pass 1 belongs to the committing thread, pass 2 to the leader, one after the other.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.TransactionConflictException;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.txn.ConflictSet;
import dev.cairn.lsm.internal.version.TableRegistry;
import java.util.ArrayList;
import java.util.List;

/** Validates one transaction's commit; see the file comment. */
final class ConflictCheck implements CommitPipeline.Validation {
    private final MemTables memtables;
    private final TableRegistry tables;
    private final ConflictSet conflicts;
    /** The active memtable when pass 1 began: writes since are in it or a newer one. */
    private MemTable activeAtPreCheck;

    ConflictCheck(MemTables memtables, TableRegistry tables, ConflictSet conflicts) {
        this.memtables = memtables;
        this.tables = tables;
        this.conflicts = conflicts;
    }

    /** Pass 1: the full check against the latest state, off the write path. */
    void preCheck() {
        // Read before the view: everything older than this memtable is in the view taken next.
        activeAtPreCheck = memtables.active();
        SuperVersion sv = memtables.acquire();
        try {
            check(new NewerWrites(tables, allMemtables(sv), sv.version, conflicts.snapshot()), null);
        } finally {
            sv.unref();
        }
    }

    /** Pass 2, commit leader only: what committed since pass 1, and the group's earlier members. */
    @Override
    public void validate(GroupWrites earlier) {
        SuperVersion sv = memtables.acquire();
        try {
            List<MemTable> since = memtablesSincePreCheck(sv);
            NewerWrites newer = since != null
                    ? new NewerWrites(tables, since, null, conflicts.snapshot())
                    : new NewerWrites(tables, allMemtables(sv), sv.version, conflicts.snapshot());
            check(newer, earlier);
        } finally {
            sv.unref();
        }
    }

    private void check(NewerWrites newer, GroupWrites earlier) {
        for (ConflictSet.KeyCheck k : conflicts.keys()) {
            if (earlier != null && earlier.wrote(k.key()) || newer.keyWritten(k.key())) {
                throw new TransactionConflictException(k.key(), k.what());
            }
        }
        for (ConflictSet.RangeCheck r : conflicts.ranges()) {
            byte[] hit = earlier == null ? null : earlier.firstWrittenIn(r.from(), r.to());
            if (hit == null) {
                hit = newer.rangeWritten(r.from(), r.to());
            }
            if (hit != null) {
                throw new TransactionConflictException(hit, r.what());
            }
        }
    }

    private static List<MemTable> allMemtables(SuperVersion sv) {
        List<MemTable> all = new ArrayList<>(1 + sv.imms.size());
        all.add(sv.mem);
        all.addAll(sv.imms);
        return all;
    }

    /** @return the view's memtables from the newest down to the one pass 1 saw active, or null if that one is gone */
    private List<MemTable> memtablesSincePreCheck(SuperVersion sv) {
        List<MemTable> since = new ArrayList<>();
        since.add(sv.mem);
        if (sv.mem == activeAtPreCheck) {
            return since;
        }
        for (MemTable m : sv.imms) {
            since.add(m);
            if (m == activeAtPreCheck) {
                return since;
            }
        }
        return null;
    }
}

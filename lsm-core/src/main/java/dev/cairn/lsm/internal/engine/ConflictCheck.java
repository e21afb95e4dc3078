// A transaction commit's validation, in two passes so that a large transaction does not hold the
// write path while it is checked:
//  1. preCheck(), on the committing thread before the commit is queued: remembers each checked
//     family's active memtable, then checks every key and range of the ConflictSet against the
//     latest state of its family (all memtables and the tables newer than the snapshot, see
//     NewerWrites).
//  2. validate(), run by the commit leader right before the group is sequenced (no commit can land
//     in between): every write applied since pass 1 went to the memtable remembered there or a
//     later one. While that memtable is still in the family's current view, only it and the newer
//     ones are checked; if it was flushed meanwhile, the full check runs again. The writes of the
//     members ahead in the same group are checked too (GroupWrites).
// Checks are per column family: a key is only ever compared with writes of its own family. The
// first newer write found fails the commit with TransactionConflictException naming its key (and
// its family, when not the default). Pass 1 belongs to the committing thread, pass 2 to the leader,
// one after the other.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.TransactionConflictException;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.txn.ConflictSet;
import dev.cairn.lsm.internal.version.TableRegistry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Validates one transaction's commit; see the file comment. */
final class ConflictCheck implements CommitPipeline.Validation {
    /** The checks of one family, and its active memtable when pass 1 began. */
    private static final class FamilyChecks {
        final Keyspace ks;
        final List<ConflictSet.KeyCheck> keys = new ArrayList<>();
        final List<ConflictSet.RangeCheck> ranges = new ArrayList<>();
        /** Writes since pass 1 are in this memtable or a newer one. */
        MemTable activeAtPreCheck;

        FamilyChecks(Keyspace ks) {
            this.ks = ks;
        }
    }

    private final TableRegistry tables;
    private final long snapshot;
    private final List<FamilyChecks> byFamily = new ArrayList<>();

    /** @throws IllegalArgumentException naming a family the checks name that was dropped */
    ConflictCheck(ColumnFamilySet families, TableRegistry tables, ConflictSet conflicts) {
        this.tables = tables;
        this.snapshot = conflicts.snapshot();
        Map<ColumnFamily, FamilyChecks> index = new IdentityHashMap<>();
        for (ConflictSet.KeyCheck k : conflicts.keys()) {
            checksOf(families, index, k.family()).keys.add(k);
        }
        for (ConflictSet.RangeCheck r : conflicts.ranges()) {
            checksOf(families, index, r.family()).ranges.add(r);
        }
    }

    private FamilyChecks checksOf(ColumnFamilySet families, Map<ColumnFamily, FamilyChecks> index, ColumnFamily cf) {
        FamilyChecks c = index.get(cf);
        if (c == null) {
            c = new FamilyChecks(families.check(cf));
            index.put(cf, c);
            byFamily.add(c);
        }
        return c;
    }

    /** Pass 1: the full check against the latest state, off the write path. */
    void preCheck() {
        for (FamilyChecks c : byFamily) {
            MemTables memtables = c.ks.memtables();
            // Read before the view: everything older than this memtable is in the view taken next.
            c.activeAtPreCheck = memtables.active();
            SuperVersion sv = memtables.acquire();
            try {
                check(c, new NewerWrites(tables, allMemtables(sv), sv.version, snapshot), null);
            } finally {
                sv.unref();
            }
        }
    }

    /** Pass 2, commit leader only: what committed since pass 1, and the group's earlier members. */
    @Override
    public void validate(GroupWrites earlier) {
        for (FamilyChecks c : byFamily) {
            SuperVersion sv = c.ks.memtables().acquire();
            try {
                List<MemTable> since = memtablesSince(sv, c.activeAtPreCheck);
                NewerWrites newer = since != null
                        ? new NewerWrites(tables, since, null, snapshot)
                        : new NewerWrites(tables, allMemtables(sv), sv.version, snapshot);
                check(c, newer, earlier);
            } finally {
                sv.unref();
            }
        }
    }

    private static void check(FamilyChecks c, NewerWrites newer, GroupWrites earlier) {
        int family = c.ks.familyId();
        for (ConflictSet.KeyCheck k : c.keys) {
            if (earlier != null && earlier.wrote(family, k.key()) || newer.keyWritten(k.key())) {
                throw new TransactionConflictException(k.key(), why(c.ks, k.what()));
            }
        }
        for (ConflictSet.RangeCheck r : c.ranges) {
            byte[] hit = earlier == null ? null : earlier.firstWrittenIn(family, r.from(), r.to());
            if (hit == null) {
                hit = newer.rangeWritten(r.from(), r.to());
            }
            if (hit != null) {
                throw new TransactionConflictException(hit, why(c.ks, r.what()));
            }
        }
    }

    /** @return what the key was to the transaction, with its family named unless it is the default */
    private static String why(Keyspace ks, String what) {
        return ks.familyId() == 0 ? what : what + ", in column family \"" + ks.name() + "\"";
    }

    private static List<MemTable> allMemtables(SuperVersion sv) {
        List<MemTable> all = new ArrayList<>(1 + sv.imms.size());
        all.add(sv.mem);
        all.addAll(sv.imms);
        return all;
    }

    /** @return the view's memtables from the newest down to {@code active}, or null if that one is gone */
    private static List<MemTable> memtablesSince(SuperVersion sv, MemTable active) {
        List<MemTable> since = new ArrayList<>();
        since.add(sv.mem);
        if (sv.mem == active) {
            return since;
        }
        for (MemTable m : sv.imms) {
            since.add(m);
            if (m == active) {
                return since;
            }
        }
        return null;
    }
}

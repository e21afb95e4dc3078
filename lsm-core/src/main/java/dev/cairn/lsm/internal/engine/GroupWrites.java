// The writes of the members ahead of a transaction in its commit group, per column family:
// sequenced before it but not yet in the memtables, so its validation must check them here. Filled by the commit leader
// from the members' encoded batches, member by member, as it runs the members' validations;
// confined to the leader's thread.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.batch.BatchFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Keys and ranges written earlier in one commit group, per column family id. */
final class GroupWrites {
    /** One family's keys and deleted ranges {from, to}. */
    private static final class FamilyWritten {
        final TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
        final List<byte[][]> ranges = new ArrayList<>();
    }

    private final Map<Integer, FamilyWritten> families = new HashMap<>();

    /** Adds the writes of one member's encoded batch. */
    void add(byte[] rep) {
        BatchFormat.iterateFamilySlices(rep, rep.length, (family, r, kind, aOff, aLen, bOff, bLen, seq) -> {
            FamilyWritten w = families.computeIfAbsent(family, id -> new FamilyWritten());
            byte[] a = Arrays.copyOfRange(r, aOff, aOff + aLen);
            if (kind == BatchFormat.RANGE_DELETE) {
                w.ranges.add(new byte[][] {a, Arrays.copyOfRange(r, bOff, bOff + bLen)});
            } else {
                w.keys.add(a);
            }
        });
    }

    /** @return whether an earlier member wrote {@code key} of family {@code family} (or deleted a range covering it) */
    boolean wrote(int family, byte[] key) {
        FamilyWritten w = families.get(family);
        if (w == null) {
            return false;
        }
        if (w.keys.contains(key)) {
            return true;
        }
        for (byte[][] r : w.ranges) {
            if (Arrays.compareUnsigned(r[0], key) <= 0 && Arrays.compareUnsigned(key, r[1]) < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param family the family id
     * @param from first key, or null for unbounded
     * @param to first key past the range, or null for unbounded
     * @return a key of {@code family} in {@code [from, to)} an earlier member wrote (or a deleted
     *     range reached), or null
     */
    byte[] firstWrittenIn(int family, byte[] from, byte[] to) {
        FamilyWritten w = families.get(family);
        if (w == null) {
            return null;
        }
        byte[] k = from == null ? (w.keys.isEmpty() ? null : w.keys.first()) : w.keys.ceiling(from);
        if (k != null && (to == null || Arrays.compareUnsigned(k, to) < 0)) {
            return k;
        }
        for (byte[][] r : w.ranges) {
            if (KeyRanges.overlap(r[0], r[1], from, to)) {
                return KeyRanges.laterStart(r[0], from);
            }
        }
        return null;
    }

    /**
     * Runs the members' validations in queue order; a member that fails is left out, and its
     * failure is added to {@code rejections}, for the leader to report once the group is in the
     * memtable: a transaction told of its conflict before the write it met is visible would run
     * again on a snapshot without that write, and meet it again.
     *
     * @return the members to commit; {@code group} itself when none carries a validation
     */
    static List<CommitPipeline.Pending> validated(List<CommitPipeline.Pending> group, List<Runnable> rejections) {
        int lastValidated = -1;
        for (int i = 0; i < group.size(); i++) {
            if (group.get(i).validation != null) {
                lastValidated = i;
            }
        }
        if (lastValidated < 0) {
            return group;
        }
        List<CommitPipeline.Pending> accepted = new ArrayList<>(group.size());
        GroupWrites earlier = new GroupWrites();
        for (int i = 0; i < group.size(); i++) {
            CommitPipeline.Pending p = group.get(i);
            if (p.validation != null) {
                try {
                    p.validation.validate(earlier);
                } catch (RuntimeException e) {
                    rejections.add(() -> p.fail(e));
                    continue;
                }
            }
            accepted.add(p);
            if (i < lastValidated) {
                earlier.add(p.rep);
            }
        }
        return accepted;
    }

    /**
     * @param group the members to commit, in order
     * @param size the group record's size: the header and every member's operations
     * @return the group's record (the one member's own when alone), header not yet written
     */
    static byte[] record(List<CommitPipeline.Pending> group, int size) {
        if (group.size() == 1) {
            return group.get(0).rep;
        }
        byte[] record = new byte[size];
        int at = BatchFormat.HEADER;
        for (CommitPipeline.Pending p : group) {
            at = BatchFormat.appendOperations(p.rep, record, at);
        }
        return record;
    }
}

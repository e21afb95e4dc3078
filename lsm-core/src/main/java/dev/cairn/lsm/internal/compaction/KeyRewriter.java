// Rewrites the versions of one user key that Retention kept, before a flush or compaction writes
// them: folds merge operands as far as live snapshots allow and shows the newest value to the
// compaction filter when no snapshot reads it. Single-threaded; one per job.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.vlog.BlobFiles;
import dev.cairn.lsm.CompactionFilter;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Folds and filters the versions of one user key a job keeps (fed newest first by
 * {@link #add}, written by {@link #finishKey}). The rules:
 *
 * <ul>
 *   <li>Operands are folded only inside one snapshot stripe (no live snapshot lies between the
 *       versions folded), so every snapshot still reads what it read before. The folded value
 *       takes the newest operand's sequence and write time.
 *   <li>A stripe whose operands sit on a value or a point tombstone is folded into one value
 *       (full merge); so is one whose operands sit on nothing at all: no older version of the key
 *       in the job and none outside it ({@code olderData}), which at the bottommost level is the
 *       rule rather than the exception. In a flush, a range tombstone of the memtable in the same
 *       stripe is a base too (it is newer than every table); in a compaction it is not, as a
 *       table outside the job may hold a version between the tombstone and the operands.
 *   <li>Otherwise the operands are combined pairwise with the operator's partial merge where it
 *       can ({@link dev.cairn.lsm.MergeOperator#partialMerge}), and kept as operands.
 *   <li>The compaction filter (compactions only) is shown the key's newest version when it is a
 *       value (after folding) and newer than every live snapshot. A removed value becomes a
 *       tombstone at its sequence, or nothing when no older version of the key remains anywhere.
 *   <li>A version inside the version-retention window ({@code retainVersions}) is neither folded
 *       nor filtered: reads as of an instant inside the window and {@code history} must find it.
 * </ul>
 *
 * <p>Versions are folded together only when no table outside the job can hold a version of the
 * key between them ({@link VersionsBetween}): a size-tiered compaction may merge tables whose
 * sequence ranges are not adjacent, and a point tombstone in a table it does not read, lying
 * between a value and an operand it does read, must keep separating them.
 *
 * <p>A failure of the user's operator or filter is an {@link dev.cairn.lsm.LsmException} naming the
 * key; it fails the job, which keeps its inputs: nothing is dropped.
 */
final class KeyRewriter {
    /** Answers whether a table outside the job may hold a version of a key between two sequences. */
    @FunctionalInterface
    interface VersionsBetween {
        /**
         * @return false only when no table outside the job holds a version of {@code userKey}
         *     whose sequence lies strictly between {@code above} and {@code below}
         */
        boolean mayExist(byte[] userKey, long above, long below);

        /** A flush: the memtable holds every version in its sequence range. */
        VersionsBetween NONE = (k, above, below) -> false;
    }

    private final KeyspaceHooks hooks;
    private final Retention retention;
    private final Retention.OlderData olderData;
    /** The output level for the filter, or -1 in a flush (no filter). */
    private final int level;
    private final boolean bottommost;
    private final long now;
    private final boolean tombstonesAreNewest;
    private final VersionsBetween between;
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private boolean sawOperand;
    /** Reads separated values where a fold or the filter needs them; null in a flush (none there). */
    private BlobFiles blobs;

    /**
     * @param hooks the keyspace's operator and filter
     * @param retention the job's retention (its snapshot stripes and range tombstones)
     * @param olderData what may lie below the job's entries, or null (assume anything may)
     * @param level the level the job writes, or -1 for a flush (the filter is not called)
     * @param bottommost whether the job writes the bottommost data of its key range
     * @param now the job's start time, for the filter's entry age
     * @param tombstonesAreNewest whether the retention's range tombstones are newer than any
     *     version outside the job (a flush's own tombstones): then one covering the key inside a
     *     stripe is a base for the operands above it
     */
    KeyRewriter(KeyspaceHooks hooks, Retention retention, Retention.OlderData olderData, int level,
                boolean bottommost, long now, boolean tombstonesAreNewest, VersionsBetween between) {
        this.hooks = hooks;
        this.retention = retention;
        this.olderData = olderData;
        this.level = level;
        this.bottommost = bottommost;
        this.now = now;
        this.tombstonesAreNewest = tombstonesAreNewest;
        this.between = between;
    }

    /**
     * Lets folds and the filter read separated values (a compaction's inputs hold blob pointers).
     *
     * @return this rewriter
     */
    KeyRewriter resolveBlobsWith(BlobFiles files) {
        this.blobs = files;
        return this;
    }

    /** @return the user value of a version kept whole or in the value log */
    private byte[] valueOf(byte[] ikey, byte[] stored) {
        if (InternalKey.kind(ikey) == ValueKind.BLOB) {
            byte[] resolved = blobs.resolve(stored, 0, stored.length, InternalKey.userKey(ikey));
            return StoredValue.userValue(resolved);
        }
        return StoredValue.userValue(stored);
    }

    /** Adds a kept version of the current key (newest first); a new key must follow {@link #finishKey}. */
    void add(byte[] ikey, byte[] stored) {
        keys.add(ikey);
        values.add(stored);
        sawOperand |= InternalKey.kind(ikey) == ValueKind.MERGE;
    }

    /** Folds, filters and writes the current key's versions; then the next key may begin. */
    void finishKey(OutputSet out) throws IOException {
        if (keys.isEmpty()) {
            return;
        }
        byte[] userKey = InternalKey.userKey(keys.get(0));
        if (!sawOperand && (hooks.filter() == null || level < 0)) {
            // Nothing to fold or filter: the common case, written as it came.
            out.startKey(userKey);
            for (int k = 0; k < keys.size(); k++) {
                out.add(keys.get(k), values.get(k));
            }
            keys.clear();
            values.clear();
            return;
        }
        sawOperand = false;
        List<byte[]> outKeys = new ArrayList<>();
        List<byte[]> outValues = new ArrayList<>();
        int n = keys.size();
        int i = 0;
        while (i < n) {
            long top = InternalKey.sequence(keys.get(i));
            int stripe = retention.stripe(top);
            int end = i + 1;
            // A version inside the version-retention window is its own stripe: history lists it.
            while (!retention.retained(top) && end < n
                    && retention.stripe(InternalKey.sequence(keys.get(end))) == stripe) {
                end++;
            }
            if (InternalKey.kind(keys.get(i)) != ValueKind.MERGE || retention.retained(top)) {
                outKeys.addAll(keys.subList(i, end));
                outValues.addAll(values.subList(i, end));
            } else {
                foldStripe(userKey, i, end, stripe, end == n, outKeys, outValues);
            }
            i = end;
        }
        filterNewest(userKey, outKeys, outValues);
        out.startKey(userKey);
        for (int k = 0; k < outKeys.size(); k++) {
            out.add(outKeys.get(k), outValues.get(k));
        }
        keys.clear();
        values.clear();
    }

    /** Folds the stripe's versions {@code [from, to)}, which begin with an operand. */
    private void foldStripe(byte[] userKey, int from, int to, int stripe, boolean oldestKept, List<byte[]> outKeys,
                            List<byte[]> outValues) {
        long topSeq = InternalKey.sequence(keys.get(from));
        long topTime = StoredValue.writeTime(values.get(from));
        List<byte[]> newestFirst = new ArrayList<>();
        int k = from;
        while (k < to && InternalKey.kind(keys.get(k)) == ValueKind.MERGE) {
            newestFirst.add(StoredValue.userValue(values.get(k)));
            k++;
        }
        boolean baseFound = k < to;
        long bottomSeq = InternalKey.sequence(keys.get(baseFound ? k : k - 1));
        if (between.mayExist(userKey, bottomSeq, topSeq)) {
            // A version outside the job may separate them: keep them as they are (always correct).
            outKeys.addAll(keys.subList(from, to));
            outValues.addAll(values.subList(from, to));
            return;
        }
        int baseKind = baseFound ? InternalKey.kind(keys.get(k)) : ValueKind.DELETE;
        byte[] base = baseKind == ValueKind.PUT || baseKind == ValueKind.BLOB ? valueOf(keys.get(k), values.get(k)) : null;
        long oldestOperandSeq = InternalKey.sequence(keys.get(k - 1));
        if (baseFound || (tombstonesAreNewest && retention.coveredWithin(userKey, stripe))
                || (oldestKept && olderData != null && !olderData.mayExist(userKey, oldestOperandSeq))) {
            byte[] merged = hooks.fullMergeNewestFirst(userKey, base, newestFirst);
            outKeys.add(InternalKey.encode(userKey, topSeq, ValueKind.PUT));
            outValues.add(StoredValue.encode(topTime, merged));
            return;
        }
        // No base in reach: combine neighbours (oldest first) where the operator can.
        List<byte[]> ops = new ArrayList<>(newestFirst);
        Collections.reverse(ops);
        List<byte[]> foldedOps = new ArrayList<>();
        List<Integer> foldedAt = new ArrayList<>();
        byte[] acc = ops.get(0);
        int accAt = k - 1;
        for (int j = 1; j < ops.size(); j++) {
            int at = k - 1 - j;
            byte[] combined = hooks.partialMerge(userKey, acc, ops.get(j));
            if (combined == null) {
                foldedOps.add(acc);
                foldedAt.add(accAt);
                acc = ops.get(j);
            } else {
                acc = combined;
            }
            accAt = at;
        }
        foldedOps.add(acc);
        foldedAt.add(accAt);
        // Each combined operand takes the sequence and write time of its newest part; newest first out.
        for (int j = foldedOps.size() - 1; j >= 0; j--) {
            int at = foldedAt.get(j);
            outKeys.add(keys.get(at));
            outValues.add(StoredValue.encode(StoredValue.writeTime(values.get(at)), foldedOps.get(j)));
        }
    }

    /** Shows the newest version to the filter when it is a value no live snapshot reads. */
    private void filterNewest(byte[] userKey, List<byte[]> outKeys, List<byte[]> outValues) {
        CompactionFilter filter = hooks.filter();
        if (filter == null || level < 0 || outKeys.isEmpty()) {
            return;
        }
        byte[] ik = outKeys.get(0);
        long seq = InternalKey.sequence(ik);
        int kind = InternalKey.kind(ik);
        if ((kind != ValueKind.PUT && kind != ValueKind.BLOB) || retention.stripe(seq) != retention.stripes() - 1
                || retention.retained(seq)) {
            return;
        }
        long writeTime = StoredValue.writeTime(outValues.get(0));
        CompactionFilter.Decision d = hooks.filter(new CompactionFilter.Entry(userKey.clone(),
                valueOf(ik, outValues.get(0)), level, bottommost, writeTime, now));
        switch (d.kind()) {
            case CHANGE_VALUE -> {
                // A changed value is written whole (and separated again if it is large).
                outKeys.set(0, InternalKey.encode(userKey, seq, ValueKind.PUT));
                outValues.set(0, StoredValue.encode(writeTime, d.newValue()));
            }
            case REMOVE -> {
                if (outKeys.size() == 1 && olderData != null && !olderData.mayExist(userKey, seq)) {
                    outKeys.remove(0);
                    outValues.remove(0);
                } else {
                    outKeys.set(0, InternalKey.encode(userKey, seq, ValueKind.DELETE));
                    outValues.set(0, StoredValue.encode(writeTime, new byte[0]));
                }
            }
            default -> { }
        }
    }
}

// What a transaction's commit must validate: the keys and key ranges, each of one column family,
// that no commit after its snapshot may have written there. Built once, at commit, from the write set (and, for a serializable
// transaction, the read set); immutable afterwards and read by the commit leader's thread.
package dev.cairn.lsm.internal.txn;

import dev.cairn.lsm.ColumnFamily;
import java.util.List;

/**
 * The keys and ranges a commit validates, and the snapshot sequence they are validated against.
 *
 * @param snapshot the transaction's snapshot sequence: a write with a larger sequence conflicts
 * @param keys keys that must not have been written after the snapshot
 * @param ranges half-open ranges in which nothing may have been written after the snapshot
 */
public record ConflictSet(long snapshot, List<KeyCheck> keys, List<RangeCheck> ranges) {
    /**
     * One key to validate.
     *
     * @param family the key's column family (the same key in another family is another key)
     * @param key the user key
     * @param what what the key is to the transaction, for the conflict's message ("written", "read")
     */
    public record KeyCheck(ColumnFamily family, byte[] key, String what) {
    }

    /**
     * One range to validate, {@code [from, to)}.
     *
     * @param family the range's column family
     * @param from first key, or null for unbounded below
     * @param to first key past the range, or null for unbounded above
     * @param what what the range is to the transaction, for the conflict's message
     */
    public record RangeCheck(ColumnFamily family, byte[] from, byte[] to, String what) {
    }

    /** @return whether there is nothing to validate */
    public boolean isEmpty() {
        return keys.isEmpty() && ranges.isEmpty();
    }
}

// One range deletion [start, end) at a sequence number. Immutable.
package dev.cairn.lsm.internal.key;

import java.util.Arrays;

/**
 * A range deletion: every version of every user key in {@code [start, end)} with a sequence
 * number below {@code sequence} is deleted.
 *
 * @param start first user key deleted
 * @param end first user key not deleted
 * @param sequence sequence number of the deletion
 */
public record RangeTombstone(byte[] start, byte[] end, long sequence) {
    /** @return whether {@code userKey} lies in {@code [start, end)} */
    public boolean covers(byte[] userKey) {
        return Arrays.compareUnsigned(start, userKey) <= 0 && Arrays.compareUnsigned(userKey, end) < 0;
    }

    /** @return whether this tombstone deletes the version {@code (userKey, seq)} */
    public boolean deletes(byte[] userKey, long seq) {
        return seq < sequence && covers(userKey);
    }

    /** @return whether the range is empty */
    public boolean isEmpty() {
        return Arrays.compareUnsigned(start, end) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RangeTombstone t && t.sequence == sequence && Arrays.equals(t.start, start)
                && Arrays.equals(t.end, end);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(start) + Arrays.hashCode(end)) + Long.hashCode(sequence);
    }

    @Override
    public String toString() {
        return "RangeTombstone[" + Arrays.toString(start) + ", " + Arrays.toString(end) + ")@" + sequence;
    }
}

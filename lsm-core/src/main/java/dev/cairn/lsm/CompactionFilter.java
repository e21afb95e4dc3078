// The user's compaction filter: keep, remove or change a value while a compaction rewrites it.
// Implementations must be thread-safe: compactions may run on several background threads.
package dev.cairn.lsm;

import java.util.Arrays;

/**
 * Decides, for each value a compaction writes, whether it stays, goes or changes (RocksDB's
 * {@code CompactionFilter}). Typical uses: dropping expired sessions by a time in the value,
 * pruning entries of a deleted tenant, rewriting values into a new encoding lazily.
 *
 * <p>What a filter is shown: only the newest version of a key, only when it is a value (a put,
 * or the value a full merge produced), and only when that version is newer than every live
 * snapshot; older versions, which some snapshot may still read, are kept as they are and never
 * shown. So a filter never changes what a snapshot reads. Nor a read as of an instant: in a store that
 * retains versions, no version inside the window is shown. Keys with merge operands are shown
 * only after compaction folded them into a full value (at the bottommost level, or over a value
 * or tombstone in the same compaction); operands alone are never shown. Entries covered by a
 * range tombstone are dropped before the filter would see them, and range tombstones are never
 * shown. Flushes do not call the filter. A removed value becomes a tombstone (so older versions
 * in lower levels do not come back), which later compactions drop as usual.
 *
 * <p>An exception thrown by the filter fails the compaction: it becomes the store's background
 * error (writes are refused until {@link LsmStore#resume()}), and nothing is dropped.
 */
@FunctionalInterface
public interface CompactionFilter {
    /**
     * @param entry the value being written and where
     * @return keep, remove or change the value
     */
    Decision filter(Entry entry);

    /**
     * A value a compaction is about to write. Valid only during the call.
     *
     * @param key the user key (a copy the filter may keep)
     * @param value the user value (a copy the filter may keep)
     * @param level the level the compaction writes to
     * @param bottommost whether the compaction writes to the bottommost level holding the key's
     *     range (no older data of it lies below)
     * @param writeTimeMillis when the version was written (epoch milliseconds, the store's clock);
     *     for a merged value, when its newest operand was written
     * @param nowMillis the store clock's time when the compaction started
     */
    record Entry(byte[] key, byte[] value, int level, boolean bottommost, long writeTimeMillis, long nowMillis) {
        /** @return how long ago the version was written, in milliseconds (never negative) */
        public long ageMillis() {
            return Math.max(0, nowMillis - writeTimeMillis);
        }

        @Override
        public String toString() {
            return "Entry(key=" + Arrays.toString(key) + ", level=" + level + ", bottommost=" + bottommost + ")";
        }
    }

    /** A filter's answer: keep, remove, or change the value. Immutable. */
    final class Decision {
        private static final Decision KEEP = new Decision(Kind.KEEP, null);
        private static final Decision REMOVE = new Decision(Kind.REMOVE, null);

        /** What to do with the value. */
        public enum Kind {
            /** Write it unchanged. */
            KEEP,
            /** Delete the key (it becomes a tombstone at the same sequence). */
            REMOVE,
            /** Write {@link #newValue()} instead. */
            CHANGE_VALUE
        }

        private final Kind kind;
        private final byte[] newValue;

        private Decision(Kind kind, byte[] newValue) {
            this.kind = kind;
            this.newValue = newValue;
        }

        /** @return keep the value as it is */
        public static Decision keep() {
            return KEEP;
        }

        /** @return remove the key */
        public static Decision remove() {
            return REMOVE;
        }

        /**
         * @param newValue the value to write instead, at most {@link Limits#MAX_VALUE_SIZE} bytes
         * @return change the value
         * @throws IllegalArgumentException if the value is null or too large
         */
        public static Decision changeValue(byte[] newValue) {
            Limits.checkValue(newValue);
            return new Decision(Kind.CHANGE_VALUE, newValue.clone());
        }

        /** @return what to do */
        public Kind kind() {
            return kind;
        }

        /** @return the replacement value (a copy) for {@link Kind#CHANGE_VALUE}, else null */
        public byte[] newValue() {
            return newValue == null ? null : newValue.clone();
        }

        @Override
        public String toString() {
            return "Decision(" + kind + ")";
        }
    }
}

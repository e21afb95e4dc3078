// The user's merge operator: how a key's merge operands fold into its value. Implementations must be
// deterministic and thread-safe: reads on many threads and compactions call them at once.
package dev.cairn.lsm;

import java.util.List;

/**
 * Folds merge operands ({@link LsmStore#merge(byte[], byte[])}, {@link WriteBatch#merge}) into a
 * value, as RocksDB's merge operators do. A merge records an operand instead of reading, changing
 * and writing the value: reads fold the operands they meet on the fly (newest first they are
 * collected, down to a full value, a tombstone, a range tombstone or the oldest version, and then
 * handed here oldest first), and compaction folds them as far as live snapshots allow.
 *
 * <p>The operator must be deterministic (the same inputs always give the same value: reads and
 * compactions fold the same operands at different times), free of side effects and thread-safe.
 * An exception it throws fails the read with an {@link LsmException} naming the key; during a
 * compaction it becomes the store's background error (the store refuses writes until
 * {@link LsmStore#resume()}), and no operand is ever dropped. Returning null is treated the same
 * way. Open every store holding operands with its operator: reading a key with operands from a
 * store opened without one throws an {@link LsmException}.
 *
 * <p>Built-in operators are in {@link MergeOperators}.
 */
public interface MergeOperator {
    /**
     * Folds operands into a key's value.
     *
     * @param key the user key
     * @param existingOrNull the value the operands apply to, or null when the key had none (never
     *     written, deleted, covered by a range tombstone, expired)
     * @param operands the operands, oldest first; never empty, elements never null
     * @return the new value, never null
     */
    byte[] fullMerge(byte[] key, byte[] existingOrNull, List<byte[]> operands);

    /**
     * Combines two adjacent operands into one operand that has the same effect as both, when that
     * is possible without the value below them (a counter's increments add up; an append's do not
     * need the base either). Compaction uses it to shorten a stack of operands whose base lies in
     * a table it does not read. The default says "not supported" by returning null: the operands
     * are then kept as they are, which is always correct.
     *
     * @param key the user key
     * @param left the older operand
     * @param right the newer operand
     * @return one operand equivalent to applying {@code left} then {@code right}, or null when
     *     the two cannot be combined
     */
    default byte[] partialMerge(byte[] key, byte[] left, byte[] right) {
        return null;
    }

    /** @return a name for messages and for the store's information log; the class name by default */
    default String name() {
        return getClass().getName();
    }
}

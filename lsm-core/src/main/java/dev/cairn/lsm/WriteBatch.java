// An ordered group of writes applied atomically. Arguments are checked as they are added; the
// operations are kept in their logged form from the start. Not thread-safe; reusable after clear().
package dev.cairn.lsm;

/**
 * An ordered group of writes applied atomically by {@link LsmStore#write(WriteBatch)}: after a
 * crash either all of it is there or none of it. Later operations in a batch win over earlier
 * ones on the same key. Arguments are checked when added, so a batch that was built can always
 * be written. Not thread-safe; a batch may be written more than once and reused after
 * {@link #clear()}.
 */
public final class WriteBatch {
    /**
     * The operations in their logged form, kept by the batch layout's encoder ({@link BatchEncoder});
     * the engine reads this field when the batch is written. Typed Object so that this API names no
     * engine class.
     */
    private final Object encoded = BatchEncoder.create();

    /** Creates an empty batch. */
    public WriteBatch() {
    }

    /**
     * Adds a put.
     *
     * @param key the key, at most {@link Limits#MAX_KEY_SIZE} bytes
     * @param value the value, at most {@link Limits#MAX_VALUE_SIZE} bytes
     * @return this batch
     * @throws IllegalArgumentException if an argument is null or too large
     */
    public WriteBatch put(byte[] key, byte[] value) {
        Limits.checkKey(key, "key");
        Limits.checkValue(value);
        BatchEncoder.put(encoded, null, key, value);
        return this;
    }

    /**
     * Adds a put into a column family. A batch may span families: it is written atomically, as
     * one write-ahead log record.
     *
     * @param family the family (a handle of the store the batch is written to)
     * @param key the key, at most {@link Limits#MAX_KEY_SIZE} bytes
     * @param value the value, at most {@link Limits#MAX_VALUE_SIZE} bytes
     * @return this batch
     * @throws IllegalArgumentException if an argument is null or too large
     */
    public WriteBatch put(ColumnFamily family, byte[] key, byte[] value) {
        Limits.checkKey(key, "key");
        Limits.checkValue(value);
        BatchEncoder.put(encoded, checkFamily(family), key, value);
        return this;
    }

    /**
     * Adds a merge operand for {@code key} in a column family, folded by that family's merge operator.
     *
     * @param family the family
     * @param key the key, at most {@link Limits#MAX_KEY_SIZE} bytes
     * @param operand the operand, at most {@link Limits#MAX_VALUE_SIZE} bytes
     * @return this batch
     * @throws IllegalArgumentException if an argument is null or too large
     */
    public WriteBatch merge(ColumnFamily family, byte[] key, byte[] operand) {
        Limits.checkKey(key, "key");
        if (operand == null) {
            throw new IllegalArgumentException("merge operand must not be null");
        }
        Limits.checkValue(operand);
        BatchEncoder.merge(encoded, checkFamily(family), key, operand);
        return this;
    }

    /**
     * Adds a delete of one key of a column family.
     *
     * @param family the family
     * @param key the key, at most {@link Limits#MAX_KEY_SIZE} bytes
     * @return this batch
     * @throws IllegalArgumentException if an argument is null or too large
     */
    public WriteBatch delete(ColumnFamily family, byte[] key) {
        Limits.checkKey(key, "key");
        BatchEncoder.delete(encoded, checkFamily(family), key);
        return this;
    }

    /**
     * Adds a delete of every key in {@code [from, to)} of a column family.
     *
     * @param family the family
     * @param from first key deleted
     * @param to first key not deleted; must not sort before {@code from}
     * @return this batch
     * @throws IllegalArgumentException if an argument is null or too large, or the range is reversed
     */
    public WriteBatch deleteRange(ColumnFamily family, byte[] from, byte[] to) {
        Limits.checkRange(from, to);
        BatchEncoder.deleteRange(encoded, checkFamily(family), from, to);
        return this;
    }

    private static ColumnFamily checkFamily(ColumnFamily family) {
        if (family == null) {
            throw new IllegalArgumentException("family must not be null");
        }
        return family;
    }

    /**
     * Adds a merge operand for {@code key}: the store's {@link MergeOperator} folds it into the
     * key's value when it is read or compacted. Writing a batch with a merge to a store opened
     * without a merge operator throws {@link IllegalArgumentException} and writes nothing.
     *
     * @param key the key, at most {@link Limits#MAX_KEY_SIZE} bytes
     * @param operand the operand, at most {@link Limits#MAX_VALUE_SIZE} bytes
     * @return this batch
     * @throws IllegalArgumentException if an argument is null or too large
     */
    public WriteBatch merge(byte[] key, byte[] operand) {
        Limits.checkKey(key, "key");
        if (operand == null) {
            throw new IllegalArgumentException("merge operand must not be null");
        }
        Limits.checkValue(operand);
        BatchEncoder.merge(encoded, null, key, operand);
        return this;
    }

    /**
     * Adds a delete of one key.
     *
     * @param key the key, at most {@link Limits#MAX_KEY_SIZE} bytes
     * @return this batch
     * @throws IllegalArgumentException if the key is null or too large
     */
    public WriteBatch delete(byte[] key) {
        Limits.checkKey(key, "key");
        BatchEncoder.delete(encoded, null, key);
        return this;
    }

    /**
     * Adds a delete of every key in {@code [from, to)}.
     *
     * @param from first key deleted
     * @param to first key not deleted; must not sort before {@code from}
     * @return this batch
     * @throws IllegalArgumentException if a bound is null or too large, or the range is reversed
     */
    public WriteBatch deleteRange(byte[] from, byte[] to) {
        Limits.checkRange(from, to);
        BatchEncoder.deleteRange(encoded, null, from, to);
        return this;
    }

    /** @return the number of operations in the batch */
    public int count() {
        return BatchEncoder.count(encoded);
    }

    /** @return the encoded size of the batch in bytes */
    public int approximateSize() {
        return BatchEncoder.size(encoded);
    }

    /** Removes every operation. */
    public void clear() {
        BatchEncoder.clear(encoded);
    }

    @Override
    public String toString() {
        return "WriteBatch(" + count() + " ops, " + approximateSize() + " bytes)";
    }
}

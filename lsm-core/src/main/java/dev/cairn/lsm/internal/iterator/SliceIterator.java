// An InternalIterator that also exposes the current entry in place, as slices of arrays it owns
// or shares, so the read path can compare and filter entries without copying them. Not
// thread-safe, like every iterator.
package dev.cairn.lsm.internal.iterator;

/**
 * An {@link InternalIterator} whose current internal key and stored value can be read in place.
 *
 * <p>Each implementation stores the current entry's slices in the fields below whenever it
 * moves; the accessors are final, so reading them is a plain field load whatever the concrete
 * iterator is (no dynamic dispatch on the hot path of a merge).
 *
 * <p>Contract: each accessor requires {@link #isValid()}. The returned array and bounds describe
 * the current entry only until the next positioning call on this iterator (the array may be a
 * reused buffer or a shared, immutable block); the caller must not modify it and must copy what
 * it wants to keep. {@link #key()} and {@link #value()} still return stable copies.
 */
public abstract class SliceIterator implements InternalIterator {
    /** The array holding the current internal key. */
    protected byte[] keyArray;
    /** Where the current internal key starts in {@link #keyArray}. */
    protected int keyOffset;
    /** The length of the current internal key (user key plus 8-byte trailer). */
    protected int keyLength;
    /** The array holding the current stored value. */
    protected byte[] valueArray;
    /** Where the current stored value starts in {@link #valueArray}. */
    protected int valueOffset;
    /** The length of the current stored value. */
    protected int valueLength;

    /** Creates an iterator with no current entry. */
    protected SliceIterator() {
    }

    /** @return the array holding the current internal key */
    public final byte[] keyArray() {
        return keyArray;
    }

    /** @return where the current internal key starts in {@link #keyArray()} */
    public final int keyOffset() {
        return keyOffset;
    }

    /** @return the length of the current internal key (user key plus 8-byte trailer) */
    public final int keyLength() {
        return keyLength;
    }

    /** @return the array holding the current stored value */
    public final byte[] valueArray() {
        return valueArray;
    }

    /** @return where the current stored value starts in {@link #valueArray()} */
    public final int valueOffset() {
        return valueOffset;
    }

    /** @return the length of the current stored value */
    public final int valueLength() {
        return valueLength;
    }

    /**
     * Takes over the current entry's slices from {@code from} (which must be valid). The arrays
     * rarely change from one entry to the next (a block's arrays serve all its entries), and a
     * reference store costs a garbage-collector barrier, so they are stored only when they differ.
     */
    protected final void copySlices(SliceIterator from) {
        byte[] k = from.keyArray;
        if (keyArray != k) {
            keyArray = k;
        }
        keyOffset = from.keyOffset;
        keyLength = from.keyLength;
        byte[] v = from.valueArray;
        if (valueArray != v) {
            valueArray = v;
        }
        valueOffset = from.valueOffset;
        valueLength = from.valueLength;
    }

    /**
     * @param it any iterator
     * @return {@code it} itself when it is a slice iterator, else a view exposing its copies as slices
     */
    public static SliceIterator of(InternalIterator it) {
        return it instanceof SliceIterator s ? s : new CopyingSliceIterator(it);
    }
}

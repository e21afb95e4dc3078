// An InternalIterator that also exposes the current entry in place, as slices of arrays it owns
// or shares, so the read path can compare and filter entries without copying them. Not
// thread-safe, like every iterator.
package dev.cairn.lsm.internal.iterator;

/**
 * An {@link InternalIterator} whose current internal key and stored value can be read in place.
 *
 * <p>Contract: each accessor requires {@link #isValid()}. The returned array and bounds describe
 * the current entry only until the next positioning call on this iterator (the array may be a
 * reused buffer or a shared, immutable block); the caller must not modify it and must copy what
 * it wants to keep. {@link #key()} and {@link #value()} still return stable copies.
 */
public interface SliceIterator extends InternalIterator {
    /** @return the array holding the current internal key */
    byte[] keyArray();

    /** @return where the current internal key starts in {@link #keyArray()} */
    int keyOffset();

    /** @return the length of the current internal key (user key plus 8-byte trailer) */
    int keyLength();

    /** @return the array holding the current stored value */
    byte[] valueArray();

    /** @return where the current stored value starts in {@link #valueArray()} */
    int valueOffset();

    /** @return the length of the current stored value */
    int valueLength();

    /**
     * @param it any iterator
     * @return {@code it} itself when it is a slice iterator, else a view exposing its copies as slices
     */
    static SliceIterator of(InternalIterator it) {
        return it instanceof SliceIterator s ? s : new CopyingSliceIterator(it);
    }
}

// The read path's one abstraction: a bidirectional iterator over internal entries in internal-key
// order. Implementations are not thread-safe.
package dev.cairn.lsm.internal.iterator;

import java.io.Closeable;

/**
 * A bidirectional iterator over internal entries (encoded internal key, stored value) in
 * internal-key order. This is the one abstraction the read path is built from: block, table,
 * memtable, level and merging iterators all implement it.
 *
 * <p>Contract: not thread-safe. {@link #key()} and {@link #value()} return arrays the caller may
 * keep but must not modify; they are valid only while {@link #isValid()}. Implementations may
 * throw {@link dev.cairn.lsm.CorruptionException} from any positioning call.
 */
public interface InternalIterator extends Closeable {
    /** @return true when positioned on an entry */
    boolean isValid();

    /** Positions on the first entry. */
    void seekToFirst();

    /** Positions on the last entry. */
    void seekToLast();

    /** Positions on the first entry whose internal key is at or after {@code target}. */
    void seek(byte[] target);

    /** Positions on the last entry whose internal key is at or before {@code target}. */
    void seekForPrev(byte[] target);

    /** Moves forward; must be valid. */
    void next();

    /** Moves backward; must be valid. */
    void prev();

    /** @return the current internal key */
    byte[] key();

    /** @return the current stored value */
    byte[] value();

    /** Releases resources; idempotent. Never throws. */
    @Override
    void close();
}

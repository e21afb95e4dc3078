// The public cursor contract: an ordered, bidirectional view of the live keys at one sequence
// number. A cursor is not thread-safe and must be closed.
package dev.cairn.lsm;

/**
 * An ordered, bidirectional view of the store's live keys at one sequence number (a snapshot
 * taken when the cursor was created, or the one named in {@link ReadOptions}). Keys are ordered
 * by unsigned lexicographic comparison. A cursor is not thread-safe; it must be closed, and
 * every call after close throws {@link StoreClosedException}.
 *
 * <pre>{@code
 * try (Cursor c = db.newCursor()) {
 *     for (c.seek(from); c.isValid(); c.next()) { use(c.key(), c.value()); }
 * }
 * }</pre>
 */
public interface Cursor extends AutoCloseable {
    /** @return true when the cursor is positioned on an entry */
    boolean isValid();

    /** Positions on the first key. */
    void seekToFirst();

    /** Positions on the last key. */
    void seekToLast();

    /**
     * Positions on the first key at or after {@code target}.
     *
     * @param target the key to seek; not null
     */
    void seek(byte[] target);

    /**
     * Positions on the last key at or before {@code target}.
     *
     * @param target the key to seek; not null
     */
    void seekForPrev(byte[] target);

    /** Moves to the next key; the cursor must be valid. */
    void next();

    /** Moves to the previous key; the cursor must be valid. */
    void prev();

    /** @return the current key (a fresh array the caller may keep); the cursor must be valid */
    byte[] key();

    /** @return the current value (a fresh array the caller may keep); the cursor must be valid */
    byte[] value();

    /** Releases the cursor's resources and its implicit snapshot. Idempotent. */
    @Override
    void close();
}

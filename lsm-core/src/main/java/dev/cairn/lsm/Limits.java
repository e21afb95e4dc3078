// The size limits of keys, values and batches, and the one implementation of the argument checks
// that enforce them (used by WriteBatch and the engine alike). Stateless; thread-safe.
package dev.cairn.lsm;

import java.util.Arrays;

/**
 * The documented size limits of keys, values and batches, and the checks every entry point of the
 * store applies to its arguments (the one place they are written). Larger input is refused with an
 * {@link IllegalArgumentException} that names the limit, before anything is written. Layers built
 * on the store may call the checks to refuse bad input early with the same messages.
 */
public final class Limits {
    /** The largest key accepted, in bytes (64 KiB). Empty keys are valid. */
    public static final int MAX_KEY_SIZE = 64 * 1024;
    /** The largest value accepted, in bytes (32 MiB). Empty values are valid. */
    public static final int MAX_VALUE_SIZE = 32 * 1024 * 1024;
    /** The largest encoded write batch accepted, in bytes (256 MiB). */
    public static final int MAX_BATCH_SIZE = 256 * 1024 * 1024;
    /**
     * The largest write set a {@link Transaction} may hold, in bytes as its commit batch would be
     * encoded (the batch limit, since a commit is one batch). The reads a serializable
     * transaction records are not counted.
     */
    public static final int MAX_TRANSACTION_BYTES = MAX_BATCH_SIZE;

    private Limits() {
    }

    /**
     * Checks a key.
     *
     * @param key the key
     * @param name what the key is, for the message ("key", "from", "to")
     * @throws IllegalArgumentException if {@code key} is null or longer than {@link #MAX_KEY_SIZE}
     */
    public static void checkKey(byte[] key, String name) {
        if (key == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (key.length > MAX_KEY_SIZE) {
            throw new IllegalArgumentException(name + " is " + key.length + " bytes; the limit is "
                    + MAX_KEY_SIZE + " bytes (Limits.MAX_KEY_SIZE)");
        }
    }

    /**
     * Checks a value.
     *
     * @param value the value
     * @throws IllegalArgumentException if {@code value} is null or longer than {@link #MAX_VALUE_SIZE}
     */
    public static void checkValue(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null (use delete to remove a key)");
        }
        if (value.length > MAX_VALUE_SIZE) {
            throw new IllegalArgumentException("value is " + value.length + " bytes; the limit is "
                    + MAX_VALUE_SIZE + " bytes (Limits.MAX_VALUE_SIZE)");
        }
    }

    /**
     * Checks a key range {@code [from, to)}, as {@link WriteBatch#deleteRange} takes it.
     *
     * @param from the first key of the range
     * @param to the first key past it
     * @throws IllegalArgumentException if a bound fails {@link #checkKey} or {@code from} sorts after {@code to}
     */
    public static void checkRange(byte[] from, byte[] to) {
        checkKey(from, "from");
        checkKey(to, "to");
        checkOrder(from, to);
    }

    /**
     * Checks a key range whose bounds may be open (null), as {@link LsmStore#compactRange} takes it.
     *
     * @param from the first key of the range, or null
     * @param to the first key past it, or null
     * @throws IllegalArgumentException if a bound given fails {@link #checkKey} or {@code from} sorts after {@code to}
     */
    public static void checkOptionalRange(byte[] from, byte[] to) {
        if (from != null) {
            checkKey(from, "from");
        }
        if (to != null) {
            checkKey(to, "to");
        }
        if (from != null && to != null) {
            checkOrder(from, to);
        }
    }

    private static void checkOrder(byte[] from, byte[] to) {
        if (Arrays.compareUnsigned(from, to) > 0) {
            throw new IllegalArgumentException("range is reversed: from sorts after to (a range is [from, to))");
        }
    }
}

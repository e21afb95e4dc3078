// One finding of an inspection: damage (the store or file is corrupt) or a warning (something a
// person should know that the store survives, such as a torn log tail it drops at open).
// Immutable value; thread-safe.
package dev.cairn.lsm.internal.inspect;

/**
 * A finding about a file.
 *
 * @param file the file's name
 * @param offset the byte offset it concerns, or -1 when it concerns the whole file
 * @param message what was found, in words
 * @param corruption true for damage, false for a warning
 */
public record Problem(String file, long offset, String message, boolean corruption) {
    /** @return a damage finding */
    static Problem corruption(String file, long offset, String message) {
        return new Problem(file, offset, message, true);
    }

    /** @return a warning */
    static Problem warning(String file, long offset, String message) {
        return new Problem(file, offset, message, false);
    }
}

// The base of every error Cairn raises about the store itself (bad arguments raise
// IllegalArgumentException instead). Unchecked; immutable.
package dev.cairn.lsm;

/**
 * Base of every error Cairn raises about the store itself (as opposed to bad arguments, which
 * raise {@link IllegalArgumentException}). Unchecked, so that the common path stays free of
 * {@code throws} clauses; callers that want to react to storage problems catch this type.
 */
public class LsmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public LsmException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure, typically an {@link java.io.IOException}
     */
    public LsmException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception that may leave out its stack trace, for a subtype thrown on an
     * expected path where filling one in would cost more than the work it reports on.
     *
     * @param message what went wrong
     * @param cause the underlying failure, or null
     * @param writableStackTrace false to record no stack trace (and no suppressed exceptions)
     */
    protected LsmException(String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, writableStackTrace, writableStackTrace);
    }
}

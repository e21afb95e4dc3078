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
}

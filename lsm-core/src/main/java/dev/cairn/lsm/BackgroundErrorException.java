// A background flush or compaction failed; writes are refused with this until resume() succeeds,
// reads go on. Immutable.
package dev.cairn.lsm;

/**
 * A background flush or compaction failed (disk full, I/O error). The store keeps serving reads
 * but refuses writes with this exception until {@link LsmStore#resume()} succeeds. The cause is
 * the original failure.
 */
public class BackgroundErrorException extends LsmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what background work failed
     * @param cause the original failure
     */
    public BackgroundErrorException(String message, Throwable cause) {
        super(message, cause);
    }
}

// The store directory is already open, here or in another process. Immutable.
package dev.cairn.lsm;

/**
 * The store directory is already open, in this process or another one. The message names the
 * directory. Only one {@link LsmStore} may have a directory open at a time.
 */
public class StoreLockedException extends LsmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which directory is locked
     */
    public StoreLockedException(String message) {
        super(message);
    }
}

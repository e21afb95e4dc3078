// A call was made on a closed store, cursor or snapshot. Immutable.
package dev.cairn.lsm;

/** A call was made on a store (or a cursor or snapshot of it) after it was closed. */
public class StoreClosedException extends LsmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which store or object was closed
     */
    public StoreClosedException(String message) {
        super(message);
    }
}

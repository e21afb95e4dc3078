// Stored bytes failed a checksum or could not be decoded; the message names the file and offset.
// Cairn raises this rather than return a wrong value. Immutable.
package dev.cairn.lsm;

/**
 * Stored bytes failed a checksum or could not be decoded. The message names the file and the
 * byte offset of the damage. Cairn never returns a wrong value: when it cannot prove a value is
 * intact it raises this instead.
 */
public class CorruptionException extends LsmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a corruption report.
     *
     * @param message what is damaged, including the file and offset
     */
    public CorruptionException(String message) {
        super(message);
    }

    /**
     * Creates a corruption report with the decoding failure that revealed it.
     *
     * @param message what is damaged, including the file and offset
     * @param cause the low-level failure
     */
    public CorruptionException(String message, Throwable cause) {
        super(message, cause);
    }
}

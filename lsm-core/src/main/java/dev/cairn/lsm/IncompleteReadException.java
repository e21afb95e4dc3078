// The signal of a memory-only read (ReadTier.MEMORY_ONLY) that needed the disk: nothing was read
// from a file, and the key's answer is unknown. Stackless; immutable.
package dev.cairn.lsm;

/**
 * A read limited to {@link ReadTier#MEMORY_ONLY} needed the disk (RocksDB's
 * {@code Status::Incomplete}): a table that is not open, or a block neither in the block cache nor
 * resident in memory. Nothing was read from a file. It says nothing about the key: read again with
 * {@link ReadTier#ALL} where blocking is fine. A cursor that threw it is left in an undefined
 * position and can only be closed.
 *
 * <p>It is a signal on an expected path, so it carries no stack trace. Point reads that miss
 * memory often can avoid it altogether with {@link LsmStore#getOrIncomplete}.
 */
public final class IncompleteReadException extends LsmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the signal.
     *
     * @param message what was not in memory (a table, a block)
     */
    public IncompleteReadException(String message) {
        super(message, null, false);
    }
}

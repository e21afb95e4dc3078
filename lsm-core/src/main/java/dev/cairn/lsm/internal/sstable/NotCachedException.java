// Thrown by a cache-only read that would have to read a file. Internal: it never reaches a user of
// dev.cairn.lsm; the layer that asked for a cache-only read catches it and does the read where
// blocking is fine. Immutable.
package dev.cairn.lsm.internal.sstable;

/**
 * A cache-only iterator or cursor needed a table that is not open or a data block that is neither
 * in the block cache nor resident in memory. The iterator that threw it is left in an undefined
 * position and must be closed. Carries no stack trace: it is a signal, thrown on an expected path.
 */
public final class NotCachedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param what what was not in memory (a table, a block), for messages */
    public NotCachedException(String what) {
        super(what + " is not in memory", null, false, false);
    }
}

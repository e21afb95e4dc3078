// A full-store scan, one entry per step. Single-threaded; close it when done.
package dev.cairn.bench.store;

/** Steps through every entry of a store in key order (or reverse key order). */
public interface ScanCursor extends AutoCloseable {

    /**
     * Moves to the next entry (the first call moves to the first one) and reads its key and value.
     *
     * @return false once the scan is past the last entry
     */
    boolean step();

    /** Releases the scan's resources. */
    @Override
    void close();
}

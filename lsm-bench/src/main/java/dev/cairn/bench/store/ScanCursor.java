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

    /**
     * Takes up to {@code max} steps. An adapter whose scans differ by direction may run this loop
     * in each direction's own class, as a user's scan loop goes one way: one loop shared by both
     * directions is compiled with both moves inlined, bigger and slower than either.
     *
     * @return the steps that found an entry; fewer than {@code max} once the scan is past the end
     */
    default int steps(int max) {
        int n = 0;
        while (n < max && step()) {
            n++;
        }
        return n;
    }

    /** Releases the scan's resources. */
    @Override
    void close();
}

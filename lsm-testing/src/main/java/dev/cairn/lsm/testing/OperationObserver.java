// A callback a FaultFileSystem calls before each operation. Implementations must be thread-safe:
// the file system calls it on whichever thread does the I/O.
package dev.cairn.lsm.testing;

import okio.Path;

/**
 * Sees every operation of a {@link FaultFileSystem} just before it is counted and forwarded; a
 * crash test uses it to take {@link CrashFileSystem#crashClone} snapshots in the middle of a
 * flush, compaction or manifest write.
 */
@FunctionalInterface
public interface OperationObserver {
    /**
     * Called before the operation, on the thread doing it, with no lock of the file system held.
     *
     * @param operation the kind of operation about to run
     * @param path the file or directory it is on
     */
    void before(FaultOperation operation, Path path);
}

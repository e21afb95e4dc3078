// A handle that answers positional reads without Okio's per-handle lock. Okio's FileHandle.read
// takes that lock around a check that the handle is open, so a reader and a compaction reading
// one table contend for it on every block; a handle of this kind needs no such check (a read of a
// closed channel fails with an IOException by itself). It also says whether a range can be read
// without waiting for the disk, which a caller that must not block (a coroutine on a CPU
// dispatcher) asks before reading. Implementations are thread-safe.
package dev.cairn.lsm.internal.io;

import java.io.IOException;

/** Positional reads with no lock taken. */
public interface PositionalRead {
    /**
     * Reads up to {@code byteCount} bytes at {@code fileOffset}, as {@link okio.FileHandle#read(long, byte[], int, int)}.
     *
     * @return the bytes read, or -1 at the end of the file
     * @throws IOException if the read fails (also when the handle is closed)
     */
    int readAt(long fileOffset, byte[] array, int arrayOffset, int byteCount) throws IOException;

    /**
     * Whether a read of the range would be served from memory, without waiting for the disk: true
     * only when the handle knows the bytes are resident (in a memory mapping whose pages are in
     * the OS page cache). A page may still be evicted before the read; the answer is a hint.
     *
     * @return true when the range is known to be in memory; false when unknown or not
     */
    default boolean isResident(long fileOffset, int byteCount) {
        return false;
    }
}

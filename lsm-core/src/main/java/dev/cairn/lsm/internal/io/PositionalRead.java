// A handle that answers positional reads without Okio's per-handle lock. Okio's FileHandle.read
// takes that lock around a check that the handle is open, so a reader and a compaction reading
// one table contend for it on every block; a handle of this kind needs no such check (a read of a
// closed channel fails with an IOException by itself). Implementations are thread-safe.
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
}

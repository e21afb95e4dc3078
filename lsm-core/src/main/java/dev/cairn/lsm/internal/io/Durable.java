// Small helpers for making files durable through Okio FileHandles (whose flush() is the fsync;
// a sink's flush() is not). Stateless; safe from any thread.
package dev.cairn.lsm.internal.io;

import java.io.IOException;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/** Durable whole-file writes and file syncs. */
public final class Durable {
    private Durable() {
    }

    /**
     * Fsyncs an existing file's contents.
     *
     * @param fs the file system
     * @param path the file
     * @throws IOException if the file cannot be opened or synced
     */
    public static void syncFile(FileSystem fs, Path path) throws IOException {
        try (FileHandle handle = fs.openReadWrite(path, false, true)) {
            handle.flush();
        }
    }

    /**
     * Writes {@code bytes} as the whole content of {@code path} (created or replaced in place)
     * and fsyncs it. The directory entry is not synced: see {@link DirectorySyncer}.
     *
     * @param fs the file system
     * @param path the file
     * @param bytes its new content
     * @throws IOException if writing or syncing fails
     */
    public static void writeFile(FileSystem fs, Path path, byte[] bytes) throws IOException {
        try (FileHandle handle = fs.openReadWrite(path, false, false)) {
            handle.resize(0);
            handle.write(0, bytes, 0, bytes.length);
            handle.flush();
        }
    }
}

// Copies one file through Okio, possibly between two file systems, into a new file that is
// fsynced before the copy returns, computing the CRC32C of the bytes as they pass. Used by
// checkpoints, backups and restores; the caller decides names, renames and directory syncs.
// Stateless; safe from any thread.
package dev.cairn.lsm.internal.io;

import java.io.IOException;
import java.util.zip.CRC32C;
import okio.Buffer;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;
import okio.Source;

/** Durable file copies. */
public final class FileCopy {
    private static final int CHUNK = 1 << 20;

    private FileCopy() {
    }

    /**
     * What a copy moved.
     *
     * @param bytes bytes copied
     * @param crc32c the CRC32C of those bytes
     */
    public record Copied(long bytes, int crc32c) { }

    /**
     * Copies {@code from} to the new file {@code to} and fsyncs it.
     *
     * @param fromFs the source's file system
     * @param from the source file
     * @param toFs the target's file system
     * @param to the target file; must not exist
     * @return the bytes and their checksum
     * @throws IOException if reading or writing fails (the partial target is removed)
     */
    public static Copied copy(FileSystem fromFs, Path from, FileSystem toFs, Path to) throws IOException {
        CRC32C crc = new CRC32C();
        long n = 0;
        boolean ok = false;
        byte[] chunk = new byte[64 * 1024];
        try (Source in = fromFs.source(from); FileHandle out = toFs.openReadWrite(to, true, false)) {
            Buffer buffer = new Buffer();
            while (true) {
                long read = in.read(buffer, CHUNK);
                if (read < 0) {
                    break;
                }
                while (buffer.size() > 0) {
                    int len = buffer.read(chunk, 0, (int) Math.min(chunk.length, buffer.size()));
                    crc.update(chunk, 0, len);
                    out.write(n, chunk, 0, len);
                    n += len;
                }
            }
            out.flush();
            ok = true;
        } finally {
            if (!ok) {
                try {
                    toFs.delete(to, false);
                } catch (IOException ignored) {
                    // the original failure is what matters
                }
            }
        }
        return new Copied(n, (int) crc.getValue());
    }

    /**
     * @return the size and CRC32C of {@code file}'s bytes
     * @throws IOException if reading fails
     */
    public static Copied checksum(FileSystem fs, Path file) throws IOException {
        CRC32C crc = new CRC32C();
        long n = 0;
        byte[] chunk = new byte[64 * 1024];
        try (Source in = fs.source(file)) {
            Buffer buffer = new Buffer();
            while (in.read(buffer, CHUNK) >= 0) {
                while (buffer.size() > 0) {
                    int len = buffer.read(chunk, 0, (int) Math.min(chunk.length, buffer.size()));
                    crc.update(chunk, 0, len);
                    n += len;
                }
            }
        }
        return new Copied(n, (int) crc.getValue());
    }
}

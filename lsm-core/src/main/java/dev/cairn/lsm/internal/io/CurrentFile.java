// Reads and atomically replaces CURRENT, the file naming the live manifest (docs/format.md,
// "Store directory"). Replacement is temp file + fsync + atomic rename + directory fsync, so
// after a crash CURRENT names either the old or the new manifest, never a torn mix.
// Stateless; callers serialize writes (the engine holds the manifest lock).
package dev.cairn.lsm.internal.io;

import dev.cairn.lsm.CorruptionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.BufferedSource;
import okio.FileSystem;
import okio.Okio;
import okio.Path;

/** The {@code CURRENT} file: one line, the live manifest's name followed by a newline. */
public final class CurrentFile {
    /** CURRENT is never longer than this; anything longer is corrupt. */
    private static final int MAX_BYTES = 64;

    private CurrentFile() {
    }

    /**
     * Points CURRENT at {@code manifestName}, durably and atomically.
     *
     * @param fs the store's file system
     * @param dir the store directory
     * @param manifestName a name such as {@code MANIFEST-000005}
     * @throws IOException if any step fails; CURRENT then still names the previous manifest
     */
    public static void write(FileSystem fs, Path dir, String manifestName) throws IOException {
        FileNames.ParsedName parsed = FileNames.parse(manifestName);
        if (parsed == null || parsed.type() != FileNames.FileType.MANIFEST) {
            throw new IllegalArgumentException("not a manifest name: " + manifestName);
        }
        Path temp = dir.resolve(FileNames.temp(FileNames.CURRENT));
        Durable.writeFile(fs, temp, (manifestName + "\n").getBytes(StandardCharsets.US_ASCII));
        fs.atomicMove(temp, dir.resolve(FileNames.CURRENT));
        DirectorySyncer.sync(fs, dir);
    }

    /**
     * Reads the live manifest's name.
     *
     * @param fs the store's file system
     * @param dir the store directory
     * @return the manifest name, or null when there is no CURRENT (a new store)
     * @throws CorruptionException if CURRENT does not hold a manifest name and a newline
     * @throws IOException if reading fails
     */
    public static String read(FileSystem fs, Path dir) throws IOException {
        Path path = dir.resolve(FileNames.CURRENT);
        if (!fs.exists(path)) {
            return null;
        }
        byte[] bytes;
        try (BufferedSource source = Okio.buffer(fs.source(path))) {
            source.request(MAX_BYTES + 1);
            long available = source.getBuffer().size();
            if (available > MAX_BYTES) {
                throw new CorruptionException(path + ": longer than " + MAX_BYTES + " bytes at offset " + MAX_BYTES);
            }
            bytes = source.readByteArray();
        }
        int end = bytes.length - 1;
        if (end < 0 || bytes[end] != '\n') {
            throw new CorruptionException(path + ": missing final newline at offset " + bytes.length);
        }
        String name = new String(bytes, 0, end, StandardCharsets.US_ASCII);
        FileNames.ParsedName parsed = FileNames.parse(name);
        if (parsed == null || parsed.type() != FileNames.FileType.MANIFEST) {
            throw new CorruptionException(path + ": no manifest name at offset 0");
        }
        return name;
    }
}

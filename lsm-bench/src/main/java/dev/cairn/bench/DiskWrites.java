// The bytes this process has caused to be written to storage, from Linux's /proc/self/io
// (write_bytes: charged when a page is dirtied, so writes through memory mappings count too).
// Stateless; thread-safe.
package dev.cairn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code write_bytes} of {@code /proc/self/io}. */
final class DiskWrites {
    private static final Path IO = Path.of("/proc/self/io");

    private DiskWrites() {
    }

    /** @return bytes written to storage by this process so far, or -1 where the figure is not available */
    static long bytes() {
        try {
            for (String line : Files.readAllLines(IO)) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring("write_bytes:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}

// Makes a directory's entries durable. Okio cannot fsync a directory, so on the system file
// system this goes through java.nio; a test file system that implements DirectorySync is
// told instead; any other file system gets nothing. Stateless; safe from any thread.
package dev.cairn.lsm.internal.io;

import dev.cairn.lsm.DirectorySync;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import okio.FileSystem;
import okio.Path;

/** Directory fsync, for names created, renamed or deleted in a store directory. */
public final class DirectorySyncer {
    private static final boolean WINDOWS =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private DirectorySyncer() {
    }

    /**
     * Syncs {@code dir}'s entries.
     *
     * @param fs the store's file system
     * @param dir the directory
     * @throws IOException if the sync fails (except on Windows, which cannot open a directory
     *     for syncing and whose NTFS journals directory entries itself)
     */
    public static void sync(FileSystem fs, Path dir) throws IOException {
        if (fs == FileSystem.SYSTEM) {
            try (FileChannel channel = FileChannel.open(dir.toNioPath(), StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                if (!WINDOWS) {
                    throw e;
                }
            }
        } else if (fs instanceof DirectorySync) {
            ((DirectorySync) fs).syncDirectory(dir);
        }
    }
}

// The hook through which a non-system Okio file system learns of (and makes durable) directory
// syncs, which Okio itself cannot express. Implementations decide their own thread safety.
package dev.cairn.lsm;

import java.io.IOException;
import okio.Path;

/**
 * Implemented by an {@link okio.FileSystem} that can make directory entries durable. Okio has
 * no directory fsync; on {@code FileSystem.SYSTEM} Cairn syncs a directory itself through
 * {@code java.nio}, and on any other file system it calls this interface when the file system
 * implements it (a crash-simulating test file system does, to learn which created, renamed and
 * deleted names would survive a power cut). File systems that do not implement it get no
 * directory syncs.
 */
public interface DirectorySync {
    /**
     * Makes the entries of {@code dir} (names created, renamed or deleted in it) durable.
     *
     * @param dir the directory
     * @throws IOException if the sync fails
     */
    void syncDirectory(Path dir) throws IOException;
}

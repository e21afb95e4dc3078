// Replays a manifest file into its list of version edits. A torn last record (an append that
// was never acknowledged) is dropped; damage followed by intact records, or an edit that does
// not decode, is a CorruptionException naming the file and offset: the store must never open
// with a silently shortened history. Stateless; safe from any thread.
package dev.cairn.lsm.internal.manifest;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.WalRecoveryMode;
import dev.cairn.lsm.internal.wal.LogReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/** Reads every version edit of a manifest. */
public final class ManifestReader {
    private ManifestReader() {
    }

    /**
     * Reads the edits of {@code path} in order.
     *
     * @param fs the store's file system
     * @param path the manifest file
     * @return the edits, oldest first
     * @throws CorruptionException if the manifest is damaged anywhere but its torn tail
     * @throws IOException if reading fails
     */
    public static List<VersionEdit> read(FileSystem fs, Path path) throws IOException {
        String name = path.name();
        List<VersionEdit> edits = new ArrayList<>();
        try (FileHandle handle = fs.openReadOnly(path)) {
            LogReader reader = new LogReader(handle, name, WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS,
                LogReader.Reporter.NONE);
            long recordStart = 0;
            byte[] record;
            while ((record = reader.readRecord()) != null) {
                edits.add(VersionEdit.decode(record, name, " in the record after file offset " + recordStart));
                recordStart = reader.lastValidOffset();
            }
        }
        return edits;
    }
}

// Installs a flush's or compaction's version edit in its column family, unless the family was
// dropped meanwhile: then the job's new tables are deleted and the edit is not written. Stateless.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import java.io.IOException;
import java.util.List;
import okio.FileSystem;
import okio.Path;

/** Applies a job's edit to its family, or discards the job's outputs when the family is gone. */
final class FamilyEdits {
    private FamilyEdits() {
    }

    /**
     * @param outputs the tables the job wrote (deleted when the family was dropped)
     * @return true when the edit is installed; false when the family was dropped
     * @throws IOException if the manifest cannot be written
     */
    static boolean apply(Keyspace ks, VersionEdit edit, List<FileMetadata> outputs, FileSystem fs, Path dir)
            throws IOException {
        try {
            if (!ks.versions().dropped()) {
                ks.versions().logAndApply(edit);
                return true;
            }
        } catch (IllegalStateException e) {
            if (!ks.versions().dropped()) {
                throw e;
            }
        }
        for (FileMetadata f : outputs) {
            try {
                fs.delete(dir.resolve(FileNames.table(f.number())), false);
            } catch (IOException ignored) {
                // an orphan: removed at the next open
            }
        }
        return false;
    }
}

// What the version set asks of a store directory's listing at recovery: whether it holds tables or
// logs, the first file number no file has, and the removal of manifests a creation left behind.
// Stateless.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.internal.io.FileNames;
import java.io.IOException;
import okio.FileSystem;
import okio.Path;

/** Scans of a store directory for the version set; see the file comment. */
final class DirectoryScan {
    private DirectoryScan() {
    }

    /** @return whether {@code dir} holds a table or a write-ahead log */
    static boolean hasDataFile(FileSystem fs, Path dir) throws IOException {
        for (Path p : fs.list(dir)) {
            FileNames.ParsedName parsed = FileNames.parse(p.name());
            if (parsed != null && (parsed.type() == FileNames.FileType.TABLE || parsed.type() == FileNames.FileType.WAL)) {
                return true;
            }
        }
        return false;
    }

    /** Deletes the manifests and temporary files of a creation that never installed CURRENT. */
    static void deleteStrayManifests(FileSystem fs, Path dir) throws IOException {
        for (Path p : fs.list(dir)) {
            FileNames.ParsedName parsed = FileNames.parse(p.name());
            if (parsed != null && (parsed.type() == FileNames.FileType.MANIFEST || parsed.type() == FileNames.FileType.TEMP)) {
                fs.delete(p, false);
            }
        }
    }

    /**
     * Never hand out a number some file in the directory already has (an unrecorded log, a leftover manifest).
     *
     * @return {@code next}, raised past every numbered file in {@code dir}
     */
    static long pastExistingFiles(FileSystem fs, Path dir, long next) throws IOException {
        for (Path p : fs.list(dir)) {
            FileNames.ParsedName parsed = FileNames.parse(p.name());
            if (parsed != null && parsed.number() >= next) {
                next = parsed.number() + 1;
            }
        }
        return next;
    }
}

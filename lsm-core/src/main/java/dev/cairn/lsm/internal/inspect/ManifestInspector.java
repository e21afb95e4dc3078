// Replays a store's manifest into a ManifestReport without opening the store: no lock, no
// recovery, nothing written. Reads the manifest CURRENT names, or a given manifest file. The
// damage rules are the engine's (ManifestReader): a torn last record is dropped, anything else
// is a CorruptionException. Stateless; safe from any thread.
package dev.cairn.lsm.internal.inspect;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.io.CurrentFile;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.manifest.ManifestReader;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.version.Version;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.FileSystem;
import okio.Path;

/** Reads manifests for inspection. */
public final class ManifestInspector {
    private ManifestInspector() {
    }

    /**
     * Reads the live manifest of the store in {@code dir}.
     *
     * @param fs the file system
     * @param dir the store directory
     * @return the replayed manifest
     * @throws FileNotFoundException when the directory holds no CURRENT (not a store)
     * @throws CorruptionException when CURRENT or the manifest is damaged
     * @throws IOException when reading fails
     */
    public static ManifestReport read(FileSystem fs, Path dir) throws IOException {
        String name = CurrentFile.read(fs, dir);
        if (name == null) {
            throw new FileNotFoundException(dir + " holds no Cairn store (no CURRENT file)");
        }
        Path path = dir.resolve(name);
        if (!fs.exists(path)) {
            throw new CorruptionException("CURRENT names " + name + " but " + path + " does not exist (offset 0)");
        }
        return readFile(fs, path);
    }

    /**
     * Reads one manifest file.
     *
     * @param fs the file system
     * @param manifest the manifest file
     * @return the replayed manifest
     * @throws CorruptionException when the manifest is damaged
     * @throws IOException when reading fails
     */
    public static ManifestReport readFile(FileSystem fs, Path manifest) throws IOException {
        List<VersionEdit> edits = ManifestReader.read(fs, manifest);
        if (edits.isEmpty()) {
            throw new CorruptionException(manifest + ": manifest holds no version edit at offset 0");
        }
        // Live tables by number, with their level, in the order edits added them.
        Map<Long, VersionEdit.AddedFile> live = new LinkedHashMap<>();
        long logNumber = 0;
        long nextFile = 0;
        long lastSeq = 0;
        String strategy = "";
        for (VersionEdit e : edits) {
            for (VersionEdit.DeletedFile d : e.deletedFiles()) {
                VersionEdit.AddedFile a = live.get(d.number());
                if (a != null && a.level() == d.level()) {
                    live.remove(d.number());
                }
            }
            for (VersionEdit.AddedFile a : e.addedFiles()) {
                if (a.level() >= Version.NUM_LEVELS) {
                    throw new CorruptionException(manifest + ": version edit names level " + a.level()
                            + ", outside 0.." + (Version.NUM_LEVELS - 1));
                }
                live.remove(a.file().number());
                live.put(a.file().number(), a);
            }
            logNumber = e.logNumber().orElse(logNumber);
            nextFile = Math.max(nextFile, e.nextFileNumber().orElse(0));
            lastSeq = Math.max(lastSeq, e.lastSequence().orElse(0));
            strategy = e.strategy().orElse(strategy);
        }
        List<ManifestReport.Table> tables = new ArrayList<>();
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
            List<FileMetadata> files = new ArrayList<>();
            for (VersionEdit.AddedFile a : live.values()) {
                if (a.level() == level) {
                    files.add(a.file());
                }
            }
            files.sort(level == 0 ? Version.NEWEST_FIRST : Version.BY_SMALLEST);
            for (FileMetadata f : files) {
                tables.add(table(level, f));
            }
        }
        return new ManifestReport(manifest.name(), edits.size(), logNumber, nextFile, lastSeq, strategy, tables);
    }

    private static ManifestReport.Table table(int level, FileMetadata f) {
        return new ManifestReport.Table(level, f.number(), FileNames.table(f.number()), f.fileSize(),
                KeyView.of(f.smallest()), KeyView.of(f.largest()), f.smallestSeq(), f.largestSeq(),
                f.minWriteTime(), f.maxWriteTime(), f.entries(), f.pointTombstones(), f.rangeTombstones(),
                f.creationTime());
    }
}

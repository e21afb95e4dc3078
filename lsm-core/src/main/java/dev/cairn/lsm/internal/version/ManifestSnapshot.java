// A store's manifest read without a VersionSet: no new manifest is started, nothing is deleted
// or written. Used where a store must be read and left exactly as it is (read-only opening,
// checkpoints read back, inspection). Immutable; its version holds a reference the caller must
// drop (Version#unref) when it was built with a registry.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.CurrentFile;
import dev.cairn.lsm.internal.manifest.ManifestReader;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import okio.FileSystem;
import okio.Path;

/**
 * The state a manifest describes.
 *
 * @param manifest the manifest's file name
 * @param manifestSize its size when read (a later append makes it larger)
 * @param edits how many edits it held
 * @param version the live tables
 * @param logNumber the oldest write-ahead log still needed
 * @param nextFileNumber the next unused file number
 * @param lastSequence the last sequence the manifest records
 * @param strategy the compaction strategy's recorded name ("" when none)
 * @param commitTimes the commit-time map the manifest records (empty when the store kept none)
 */
public record ManifestSnapshot(String manifest, long manifestSize, int edits, Version version, long logNumber,
                               long nextFileNumber, long lastSequence, String strategy, CommitTimes commitTimes) {

    /**
     * Reads the manifest CURRENT names.
     *
     * @param fs the file system
     * @param dir the store directory
     * @param registry the registry the version's tables are counted in, or null for none
     * @param cipher the store's cipher, or null when the store is not encrypted
     * @return the state
     * @throws FileNotFoundException when there is no CURRENT (not a store)
     * @throws CorruptionException when CURRENT or the manifest is damaged
     * @throws dev.cairn.lsm.LsmException when the manifest is encrypted and there is no cipher or
     *     another key, or is not encrypted and there is a cipher
     */
    public static ManifestSnapshot read(FileSystem fs, Path dir, TableRegistry registry, StoreCipher cipher)
            throws IOException {
        String name = CurrentFile.read(fs, dir);
        if (name == null) {
            throw new FileNotFoundException(dir + " holds no Cairn store (no CURRENT file)");
        }
        Path path = dir.resolve(name);
        if (!fs.exists(path)) {
            throw new CorruptionException("CURRENT names " + name + " but " + path + " does not exist (offset 0)");
        }
        return readFile(fs, path, registry, cipher);
    }

    /**
     * Reads one manifest file.
     *
     * @param fs the file system
     * @param path the manifest
     * @param registry the registry the version's tables are counted in, or null for none
     * @param cipher the store's cipher, or null when the store is not encrypted
     * @return the state
     * @throws CorruptionException when the manifest is damaged
     * @throws dev.cairn.lsm.LsmException when the manifest is encrypted and there is no cipher or
     *     another key, or is not encrypted and there is a cipher
     */
    public static ManifestSnapshot readFile(FileSystem fs, Path path, TableRegistry registry, StoreCipher cipher)
            throws IOException {
        okio.FileMetadata md = fs.metadataOrNull(path);
        long size = md == null || md.getSize() == null ? 0 : md.getSize();
        List<VersionEdit> edits = ManifestReader.read(fs, path, cipher);
        if (edits.isEmpty()) {
            throw new CorruptionException(path + ": manifest holds no version edit at offset 0");
        }
        VersionBuilder builder = new VersionBuilder(new Version(List.of(), null));
        long logNumber = 0;
        long nextFile = 0;
        long lastSeq = 0;
        String strategy = "";
        CommitTimes times = new CommitTimes();
        for (VersionEdit e : edits) {
            builder.apply(e);
            times.replay(e.commitTimes().orElse(null), e.lastSequence().orElse(-1));
            logNumber = e.logNumber().orElse(logNumber);
            nextFile = Math.max(nextFile, e.nextFileNumber().orElse(0));
            lastSeq = Math.max(lastSeq, e.lastSequence().orElse(0));
            strategy = e.strategy().orElse(strategy);
            for (VersionEdit.AddedFile a : e.addedFiles()) {
                nextFile = Math.max(nextFile, a.file().number() + 1);
            }
        }
        return new ManifestSnapshot(path.name(), size, edits.size(), builder.build(registry), logNumber, nextFile,
                lastSeq, strategy, times);
    }
}

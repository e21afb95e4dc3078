// A store's manifest read without a VersionSet: no new manifest is started, nothing is deleted
// or written. Used where a store must be read and left exactly as it is (read-only opening,
// checkpoints read back, inspection). Immutable; its version holds a reference the caller must
// drop (Version#unref) when it was built with a registry.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.CurrentFile;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.manifest.ManifestReader;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okio.FileSystem;
import okio.Path;

/**
 * The state a manifest describes.
 *
 * @param manifest the manifest's file name
 * @param manifestSize its size when read (a later append makes it larger)
 * @param edits how many edits it held
 * @param version the live tables of the family read (of every family, level by level, when all are read)
 * @param logNumber the oldest write-ahead log the family read (when all are read: any family) still needs
 * @param nextFileNumber the next unused file number
 * @param lastSequence the last sequence the manifest records
 * @param strategy the compaction strategy's recorded name ("" when none)
 * @param commitTimes the commit-time map the manifest records (empty when the store kept none)
 * @param family the id of the column family read, or -1 when every family's tables were read
 * @param families the names of the live column families, the default first
 * @param familyOptions the persisted options' text of the family read ("" for the default or all)
 * @param tableFamilies the name of the column family each live table read belongs to, by file number
 */
public record ManifestSnapshot(String manifest, long manifestSize, int edits, Version version, long logNumber,
                               long nextFileNumber, long lastSequence, String strategy, CommitTimes commitTimes,
                               int family, List<String> families, String familyOptions, Map<Long, String> tableFamilies) {

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
        return read(fs, dir, registry, cipher, null);
    }

    /**
     * Reads the manifest CURRENT names, the tables of one column family (null: of every family).
     *
     * @param family the family's name, or null
     * @throws IllegalArgumentException when the store has no live family of that name
     */
    public static ManifestSnapshot read(FileSystem fs, Path dir, TableRegistry registry, StoreCipher cipher,
                                        String family) throws IOException {
        String name = CurrentFile.read(fs, dir);
        if (name == null) {
            throw new FileNotFoundException(dir + " holds no Cairn store (no CURRENT file)");
        }
        Path path = dir.resolve(name);
        if (!fs.exists(path)) {
            throw new CorruptionException("CURRENT names " + name + " but " + path + " does not exist (offset 0)");
        }
        return readFile(fs, path, registry, cipher, family);
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
        return readFile(fs, path, registry, cipher, null);
    }

    /**
     * Reads one manifest file, the tables of one column family (null: of every family).
     *
     * @param family the family's name, or null
     * @throws IllegalArgumentException when the store has no live family of that name
     */
    public static ManifestSnapshot readFile(FileSystem fs, Path path, TableRegistry registry, StoreCipher cipher,
                                            String family) throws IOException {
        okio.FileMetadata md = fs.metadataOrNull(path);
        long size = md == null || md.getSize() == null ? 0 : md.getSize();
        List<VersionEdit> edits = ManifestReader.read(fs, path, cipher);
        if (edits.isEmpty()) {
            throw new CorruptionException(path + ": manifest holds no version edit at offset 0");
        }
        Map<Integer, VersionBuilder> builders = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, Long> logNumbers = new TreeMap<>();
        Map<Integer, String> strategies = new TreeMap<>();
        Map<Integer, String> options = new TreeMap<>();
        builders.put(0, new VersionBuilder(new Version(List.of(), null)));
        names.put(0, "default");
        long nextFile = 0;
        long lastSeq = 0;
        CommitTimes times = new CommitTimes();
        for (VersionEdit e : edits) {
            times.replay(e.commitTimes().orElse(null), e.lastSequence().orElse(-1));
            int id = e.family();
            if (e.createdFamily().isPresent()) {
                builders.put(id, new VersionBuilder(new Version(List.of(), null)));
                names.put(id, e.createdFamily().get());
            }
            if (e.dropsFamily()) {
                builders.remove(id);
                names.remove(id);
            } else if (builders.containsKey(id)) {
                builders.get(id).apply(e);
                e.logNumber().ifPresent(n -> logNumbers.put(id, n));
                e.strategy().ifPresent(n -> strategies.put(id, n));
                e.familyOptions().ifPresent(n -> options.put(id, n));
            } else {
                throw new CorruptionException(path + ": a version edit names column family " + id
                        + ", which no earlier edit creates (offset 0)");
            }
            nextFile = Math.max(nextFile, e.nextFileNumber().orElse(0));
            lastSeq = Math.max(lastSeq, e.lastSequence().orElse(0));
            for (VersionEdit.AddedFile a : e.addedFiles()) {
                nextFile = Math.max(nextFile, a.file().number() + 1);
            }
        }
        int chosen = -1;
        if (family != null) {
            for (Map.Entry<Integer, String> n : names.entrySet()) {
                chosen = n.getValue().equals(family) ? n.getKey() : chosen;
            }
            if (chosen < 0) {
                throw new IllegalArgumentException("the store has no column family named " + family);
            }
        }
        List<List<FileMetadata>> levels = new ArrayList<>();
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
            levels.add(new ArrayList<>());
        }
        long logNumber = Long.MAX_VALUE;
        Map<Long, dev.cairn.lsm.internal.vlog.BlobFileState> blobFiles = new TreeMap<>();
        Map<Long, String> tableFamilies = new TreeMap<>();
        for (Map.Entry<Integer, VersionBuilder> b : builders.entrySet()) {
            if (chosen < 0 || b.getKey() == chosen) {
                Version v = b.getValue().build(null);
                for (int level = 0; level < Version.NUM_LEVELS; level++) {
                    levels.get(level).addAll(v.files(level));
                    for (FileMetadata f : v.files(level)) {
                        tableFamilies.put(f.number(), names.get(b.getKey()));
                    }
                }
                blobFiles.putAll(v.blobFiles());
                logNumber = Math.min(logNumber, logNumbers.getOrDefault(b.getKey(), 0L));
            }
        }
        int key = Math.max(chosen, 0);
        return new ManifestSnapshot(path.name(), size, edits.size(), new Version(levels, blobFiles, registry, null), logNumber, nextFile,
                lastSeq, strategies.getOrDefault(key, ""), times, chosen, List.copyOf(names.values()),
                options.getOrDefault(key, ""), Map.copyOf(tableFamilies));
    }
}

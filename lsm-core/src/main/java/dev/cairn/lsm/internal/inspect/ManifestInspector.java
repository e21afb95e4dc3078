// Replays a store's manifest into a ManifestReport without opening the store: no lock, no
// recovery, nothing written. Reads the manifest CURRENT names, or a given manifest file. The
// damage rules are the engine's (ManifestReader): a torn last record is dropped, anything else
// is a CorruptionException. An encrypted store's manifest needs its key: without it, with another
// key, or with a key for a plain store, an LsmException says so. Stateless; safe from any thread.
package dev.cairn.lsm.internal.inspect;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.Encryption;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.CommitTimes;
import dev.cairn.lsm.internal.version.ManifestSnapshot;
import dev.cairn.lsm.internal.version.Version;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
        return readWith(fs, dir, null);
    }

    /**
     * As {@link #read(FileSystem, Path)} for a store encrypted with {@code encryption} (null: not
     * encrypted).
     *
     * @throws dev.cairn.lsm.LsmException if the store is encrypted and there is no key or another
     *     key, or is not encrypted and there is one
     */
    public static ManifestReport read(FileSystem fs, Path dir, Encryption encryption) throws IOException {
        return readWith(fs, dir, StoreCipher.of(encryption, dir.toString()));
    }

    /** As {@link #read(FileSystem, Path, Encryption)} with the store's cipher. */
    static ManifestReport readWith(FileSystem fs, Path dir, StoreCipher cipher) throws IOException {
        return report(ManifestSnapshot.read(fs, dir, null, cipher));
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
        return readFile(fs, manifest, null);
    }

    /**
     * As {@link #readFile(FileSystem, Path)} for a manifest encrypted with {@code encryption}
     * (null: not encrypted).
     *
     * @throws dev.cairn.lsm.LsmException if the manifest is encrypted and there is no key or another
     *     key, or is not encrypted and there is one
     */
    public static ManifestReport readFile(FileSystem fs, Path manifest, Encryption encryption) throws IOException {
        StoreCipher cipher = StoreCipher.of(encryption, String.valueOf(manifest.parent()));
        return report(ManifestSnapshot.readFile(fs, manifest, null, cipher));
    }

    private static ManifestReport report(ManifestSnapshot m) {
        List<ManifestReport.Table> tables = new ArrayList<>();
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
            for (FileMetadata f : m.version().files(level)) {
                tables.add(new ManifestReport.Table(level, f.number(), FileNames.table(f.number()), f.fileSize(),
                        KeyView.of(f.smallest()), KeyView.of(f.largest()), f.smallestSeq(), f.largestSeq(),
                        f.minWriteTime(), f.maxWriteTime(), f.entries(), f.pointTombstones(), f.rangeTombstones(),
                        f.creationTime(), m.tableFamilies().getOrDefault(f.number(), "default")));
            }
        }
        CommitTimes times = m.commitTimes();
        ManifestReport.CommitTimeRange range = times.size() == 0 ? ManifestReport.CommitTimeRange.NONE
                : new ManifestReport.CommitTimeRange(times.size(), times.firstTime(), times.lastTime(),
                        times.firstSequence(), times.lastSequence());
        List<String> damage = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        BlobAccounting.check(m.version(), damage, leaks);
        return new ManifestReport(m.manifest(), m.edits(), m.logNumber(), m.nextFileNumber(), m.lastSequence(),
                m.strategy(), tables, range, List.copyOf(m.version().blobFiles().keySet()), m.families(), damage, leaks);
    }
}

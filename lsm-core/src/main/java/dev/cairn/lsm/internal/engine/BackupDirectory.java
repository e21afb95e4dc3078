// A directory of incremental backups (docs/format.md, "Backup directory"). A backup is the copy
// of a store at one sequence (StoreCopy): its tables go to shared/, named by number, size and
// CRC32C so a table already backed up is not copied again; its own files (the memtables'
// table, log, manifest) go to private/ID/; its metadata, naming every file with its checksum,
// is written last and atomically (temp, fsync, rename, directory fsync). A backup cut short by
// a crash therefore leaves no metadata and is invisible; what it left behind is removed at the
// next open. A restore writes every file, checks every checksum, and writes CURRENT only then.
// Held with a directory lock while open; every method is synchronized.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.BackupInfo;
import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.internal.io.CurrentFile;
import dev.cairn.lsm.internal.io.DirectoryLock;
import dev.cairn.lsm.internal.io.DirectorySyncer;
import dev.cairn.lsm.internal.io.Durable;
import dev.cairn.lsm.internal.io.FileCopy;
import dev.cairn.lsm.internal.io.FileNames;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import okio.BufferedSource;
import okio.FileSystem;
import okio.Okio;
import okio.Path;

/** Creates, lists, verifies, restores and removes backups in one directory. */
public final class BackupDirectory implements Closeable {
    private static final String SHARED = "shared";
    private static final String PRIVATE = "private";
    private static final String META = "meta";

    private final FileSystem fs;
    private final Path dir;
    private final DirectoryLock lock;
    private final Clock clock;
    private boolean closed;

    /** Epoch milliseconds, for the backup's time (tests may pin it). */
    @FunctionalInterface
    public interface Clock {
        /** @return now, epoch milliseconds */
        long millis();
    }

    private BackupDirectory(FileSystem fs, Path dir, DirectoryLock lock, Clock clock) {
        this.fs = fs;
        this.dir = dir;
        this.lock = lock;
        this.clock = clock;
    }

    /**
     * Opens (creating if needed) a backup directory and removes what interrupted backups left.
     *
     * @throws dev.cairn.lsm.StoreLockedException if another Backups holds the directory
     */
    public static BackupDirectory open(FileSystem fs, Path dir, Clock clock) throws IOException {
        fs.createDirectories(dir, false);
        DirectoryLock lock = DirectoryLock.acquire(fs, dir);
        try {
            for (String sub : new String[] {SHARED, PRIVATE, META}) {
                fs.createDirectories(dir.resolve(sub), false);
            }
            DirectorySyncer.sync(fs, dir);
            BackupDirectory b = new BackupDirectory(fs, dir, lock, clock);
            b.removeLeftovers();
            return b;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    // ---- create ------------------------------------------------------------------------------

    /**
     * Backs up {@code db} as it is now, without stopping its writers.
     *
     * @return the new backup
     */
    public synchronized BackupInfo create(LsmStore db) throws IOException {
        checkOpen();
        long id = nextId();
        Path priv = dir.resolve(PRIVATE).resolve(idName(id));
        List<BackupMetadata.StoredFile> files = new ArrayList<>();
        String manifest;
        long sequence;
        try (StoreCopy copy = StoreCopy.of(db)) {
            sequence = copy.sequence();
            fs.createDirectories(priv, false);
            for (StoreCopy.Table t : copy.tables()) {
                files.add(shareTable(t));
            }
            DirectorySyncer.sync(fs, dir.resolve(SHARED));
            // Blob files go with the backup's own files (not shared between backups yet).
            copy.copyBlobFiles(fs, priv);
            copy.writeMemtables(fs, priv);
            manifest = copy.writeManifest(fs, priv);
            DirectorySyncer.sync(fs, priv);
            for (Path p : fs.list(priv)) {
                FileCopy.Copied c = FileCopy.checksum(fs, p);
                files.add(new BackupMetadata.StoredFile(p.name(), PRIVATE + "/" + idName(id) + "/" + p.name(),
                        c.bytes(), c.crc32c()));
            }
            DirectorySyncer.sync(fs, dir.resolve(PRIVATE));
        }
        BackupMetadata meta = new BackupMetadata(id, clock.millis(), sequence, manifest, files);
        Path metaDir = dir.resolve(META);
        Path tmp = metaDir.resolve(FileNames.temp(idName(id)));
        Durable.writeFile(fs, tmp, meta.encode());
        fs.atomicMove(tmp, metaDir.resolve(idName(id)));
        DirectorySyncer.sync(fs, metaDir);
        return info(meta);
    }

    /** Puts a table in shared/ unless a file of the same number, size and checksum is there. */
    private BackupMetadata.StoredFile shareTable(StoreCopy.Table t) throws IOException {
        Path shared = dir.resolve(SHARED);
        long number = t.file().number();
        String prefix = String.format("%06d-%d-", number, t.file().fileSize());
        FileCopy.Copied source = null;
        for (Path p : fs.list(shared)) {
            if (p.name().startsWith(prefix) && p.name().endsWith(".sst")) {
                if (source == null) {
                    source = FileCopy.checksum(t.fs(), t.path());
                }
                String name = prefix + BackupMetadata.hex(source.crc32c()) + ".sst";
                if (p.name().equals(name)) {
                    return new BackupMetadata.StoredFile(t.path().name(), SHARED + "/" + name, source.bytes(),
                            source.crc32c());
                }
            }
        }
        Path tmp = shared.resolve(FileNames.temp(prefix + "copy.sst"));
        if (fs.exists(tmp)) {
            fs.delete(tmp, false);
        }
        FileCopy.Copied c = FileCopy.copy(t.fs(), t.path(), fs, tmp);
        String name = prefix + BackupMetadata.hex(c.crc32c()) + ".sst";
        fs.atomicMove(tmp, shared.resolve(name));
        return new BackupMetadata.StoredFile(t.path().name(), SHARED + "/" + name, c.bytes(), c.crc32c());
    }

    // ---- list, verify ------------------------------------------------------------------------

    /** @return every backup whose metadata reads, oldest first */
    public synchronized List<BackupInfo> list() throws IOException {
        checkOpen();
        List<BackupInfo> out = new ArrayList<>();
        for (BackupMetadata m : readAll(false).values()) {
            out.add(info(m));
        }
        return out;
    }

    /**
     * Reads every file of backup {@code id} and checks its size and CRC32C.
     *
     * @return the problems found, empty when the backup is intact
     * @throws IllegalArgumentException when there is no such backup
     */
    public synchronized List<String> verify(long id) throws IOException {
        checkOpen();
        BackupMetadata m = read(id);
        List<String> problems = new ArrayList<>();
        for (BackupMetadata.StoredFile f : m.files()) {
            Path p = dir.resolve(f.stored());
            if (!fs.exists(p)) {
                problems.add(f.stored() + " is missing");
                continue;
            }
            FileCopy.Copied c = FileCopy.checksum(fs, p);
            if (c.bytes() != f.size() || c.crc32c() != f.crc32c()) {
                problems.add(f.stored() + " is damaged: " + c.bytes() + " bytes with CRC32C "
                        + BackupMetadata.hex(c.crc32c()) + ", the backup recorded " + f.size() + " bytes with "
                        + BackupMetadata.hex(f.crc32c()));
            }
        }
        return problems;
    }

    // ---- restore -----------------------------------------------------------------------------

    /**
     * Restores backup {@code id} into {@code target} (a new or empty directory on this backup
     * directory's file system). Every file is copied and its checksum compared; CURRENT is
     * written only when all match, so a damaged backup never leaves a store behind.
     *
     * @throws IllegalArgumentException for an unknown id, or a target that is a file, not empty,
     *     or inside this backup directory (checked before anything is written)
     * @throws CorruptionException when a file of the backup is damaged (the target is emptied)
     */
    public synchronized void restore(long id, Path target) throws IOException {
        checkOpen();
        BackupMetadata m = read(id);
        if (StoreCopy.inside(fs, target, dir)) {
            // Its files would be taken for leftovers of an interrupted backup and removed.
            throw new IllegalArgumentException("restore target " + target + " is inside the backup directory " + dir
                    + ": choose a directory outside it");
        }
        okio.FileMetadata md = fs.metadataOrNull(target);
        if (md != null && !md.isDirectory()) {
            throw new IllegalArgumentException("restore target " + target + " is a file: give a new or empty directory");
        }
        if (md != null && !fs.list(target).isEmpty()) {
            throw new IllegalArgumentException("restore target " + target + " is not empty: give a new or empty directory");
        }
        fs.createDirectories(target, false);
        List<Path> written = new ArrayList<>();
        try {
            for (BackupMetadata.StoredFile f : m.files()) {
                Path to = target.resolve(f.name());
                Path from = dir.resolve(f.stored());
                if (!fs.exists(from)) {
                    throw new CorruptionException("backup " + id + ": " + f.stored() + " is missing (offset 0)");
                }
                FileCopy.Copied c = FileCopy.copy(fs, from, fs, to);
                written.add(to);
                if (c.bytes() != f.size() || c.crc32c() != f.crc32c()) {
                    throw new CorruptionException("backup " + id + ": " + f.stored() + " is damaged (" + c.bytes()
                            + " bytes with CRC32C " + BackupMetadata.hex(c.crc32c()) + ", recorded " + f.size()
                            + " bytes with " + BackupMetadata.hex(f.crc32c()) + "); nothing was restored");
                }
            }
            DirectorySyncer.sync(fs, target);
            CurrentFile.write(fs, target, m.manifest());
        } catch (IOException | RuntimeException e) {
            for (Path p : written) {
                try {
                    fs.delete(p, false);
                } catch (IOException ignored) {
                    // a file without CURRENT beside it is not a store anyway
                }
            }
            throw e;
        }
    }

    // ---- delete, purge -----------------------------------------------------------------------

    /**
     * Removes backup {@code id}: its metadata first (durably), then its private files and the
     * shared tables no other backup names.
     *
     * @throws IllegalArgumentException when there is no such backup
     */
    public synchronized void delete(long id) throws IOException {
        checkOpen();
        checkId(id);
        Path meta = dir.resolve(META).resolve(idName(id));
        if (!fs.exists(meta)) {
            throw new IllegalArgumentException("no backup " + id + " in " + dir);
        }
        fs.delete(meta, false);
        DirectorySyncer.sync(fs, dir.resolve(META));
        removeLeftovers();
    }

    /**
     * Keeps the newest {@code keep} backups and removes the rest.
     *
     * @return how many were removed
     */
    public synchronized int purgeOld(int keep) throws IOException {
        checkOpen();
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be >= 0, was " + keep);
        }
        List<Long> ids = new ArrayList<>(readAll(false).keySet());
        int remove = Math.max(0, ids.size() - keep);
        for (int i = 0; i < remove; i++) {
            fs.delete(dir.resolve(META).resolve(idName(ids.get(i))), false);
        }
        if (remove > 0) {
            DirectorySyncer.sync(fs, dir.resolve(META));
            removeLeftovers();
        }
        return remove;
    }

    /**
     * Removes temporary files, private directories no metadata names, and shared tables no
     * metadata names. When some metadata cannot be read, nothing it might name is removed.
     */
    private void removeLeftovers() throws IOException {
        TreeMap<Long, BackupMetadata> all = readAll(true);
        boolean unreadable = all.containsValue(null);
        Set<String> named = new HashSet<>();
        for (BackupMetadata m : all.values()) {
            if (m != null) {
                for (BackupMetadata.StoredFile f : m.files()) {
                    named.add(f.stored());
                }
            }
        }
        for (Path p : fs.list(dir.resolve(META))) {
            if (p.name().endsWith(FileNames.TEMP_SUFFIX)) {
                fs.delete(p, false);
            }
        }
        for (Path p : fs.list(dir.resolve(PRIVATE))) {
            Long id = parseId(p.name());
            if (id == null || !all.containsKey(id)) {
                fs.deleteRecursively(p, false);
            }
        }
        for (Path p : fs.list(dir.resolve(SHARED))) {
            boolean temp = p.name().endsWith(FileNames.TEMP_SUFFIX);
            if (temp || !unreadable && !named.contains(SHARED + "/" + p.name())) {
                fs.delete(p, false);
            }
        }
        DirectorySyncer.sync(fs, dir.resolve(SHARED));
        DirectorySyncer.sync(fs, dir.resolve(PRIVATE));
    }

    // ---- metadata ----------------------------------------------------------------------------

    /**
     * @param withUnreadable map an id whose metadata does not read to null, instead of leaving it out
     * @return the backups' metadata by id, ascending
     */
    private TreeMap<Long, BackupMetadata> readAll(boolean withUnreadable) throws IOException {
        TreeMap<Long, BackupMetadata> out = new TreeMap<>();
        for (Path p : fs.list(dir.resolve(META))) {
            Long id = parseId(p.name());
            if (id == null) {
                continue;
            }
            try {
                out.put(id, readFile(p));
            } catch (CorruptionException e) {
                if (withUnreadable) {
                    out.put(id, null);
                }
            }
        }
        return out;
    }

    /** Backup ids are 1, 2, ...: refuses any other number with a clear message. */
    private static void checkId(long id) {
        if (id < 1) {
            throw new IllegalArgumentException("backup ids are whole numbers from 1 (see list()); got " + id);
        }
    }

    private BackupMetadata read(long id) throws IOException {
        checkId(id);
        Path p = dir.resolve(META).resolve(idName(id));
        if (!fs.exists(p)) {
            throw new IllegalArgumentException("no backup " + id + " in " + dir);
        }
        return readFile(p);
    }

    private BackupMetadata readFile(Path p) throws IOException {
        try (BufferedSource in = Okio.buffer(fs.source(p))) {
            return BackupMetadata.decode(in.readByteArray(), p.toString());
        } catch (FileNotFoundException e) {
            throw new CorruptionException(p + ": backup metadata vanished while being read", e);
        }
    }

    private long nextId() throws IOException {
        long max = 0;
        for (String sub : new String[] {META, PRIVATE}) {
            for (Path p : fs.list(dir.resolve(sub))) {
                String n = p.name().endsWith(FileNames.TEMP_SUFFIX)
                        ? p.name().substring(0, p.name().length() - FileNames.TEMP_SUFFIX.length()) : p.name();
                Long id = parseId(n);
                if (id != null) {
                    max = Math.max(max, id);
                }
            }
        }
        return max + 1;
    }

    private static String idName(long id) {
        return String.format("%06d", id);
    }

    private static Long parseId(String name) {
        if (name.length() < 6 || !name.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BackupInfo info(BackupMetadata m) {
        return new BackupInfo(m.id(), Instant.ofEpochMilli(m.time()), m.sequence(), m.files().size(), m.bytes());
    }

    private void checkOpen() {
        if (closed) {
            throw new LsmException("backup directory " + dir + " is closed");
        }
    }

    /** Releases the directory lock. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            lock.close();
        }
    }
}

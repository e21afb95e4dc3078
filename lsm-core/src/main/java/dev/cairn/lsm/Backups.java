package dev.cairn.lsm;

import dev.cairn.lsm.internal.backup.BackupDirectory;
import java.io.IOException;
import java.util.List;
import okio.FileSystem;

/**
 * A directory of incremental backups of Cairn stores, like RocksDB's BackupEngine.
 *
 * <pre>{@code
 * try (Backups b = Backups.open(Path.of("backups"))) {
 *     BackupInfo i = b.create(db);          // while db keeps taking writes
 *     b.verify(i.id());
 *     b.restore(i.id(), Path.of("restored"));
 *     b.purgeOld(5);
 * }
 * }</pre>
 *
 * <p>A backup is the store's state at one sequence number. Its tables are stored once and shared
 * between backups (by file number, size and CRC32C): a table already backed up is not copied
 * again. A backup's metadata, naming every file with its checksum, is written last and atomically,
 * so a backup interrupted by a crash or a power cut leaves no backup (and its leftovers are
 * removed at the next open) while every earlier backup stays intact. A restore checks every
 * checksum as it copies and writes the store's CURRENT file last, so a damaged backup is refused
 * and never half-restored.
 *
 * <p>One {@code Backups} holds its directory's lock while open. Methods are thread-safe; they
 * run one at a time.
 */
public final class Backups implements AutoCloseable {
    private final BackupDirectory dir;

    private Backups(BackupDirectory dir) {
        this.dir = dir;
    }

    /**
     * Opens (creating if needed) a backup directory on the default file system.
     *
     * @param backupDir the directory
     * @return the open backup directory
     * @throws StoreLockedException if another {@code Backups} holds it
     */
    public static Backups open(java.nio.file.Path backupDir) {
        if (backupDir == null) {
            throw new IllegalArgumentException("backupDir must not be null");
        }
        return open(okio.Path.get(backupDir.toAbsolutePath().toString()), FileSystem.SYSTEM);
    }

    /**
     * Opens (creating if needed) a backup directory on {@code fs}; restores are written there too.
     *
     * @param backupDir the directory
     * @param fs its file system
     * @return the open backup directory
     * @throws StoreLockedException if another {@code Backups} holds it
     */
    public static Backups open(okio.Path backupDir, FileSystem fs) {
        if (backupDir == null || fs == null) {
            throw new IllegalArgumentException("backupDir and fs must not be null");
        }
        try {
            return new Backups(BackupDirectory.open(fs, backupDir, System::currentTimeMillis));
        } catch (IOException e) {
            throw new LsmException("cannot open backup directory " + backupDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Backs up {@code db} as it is now, without stopping its writers: every write acknowledged
     * before the call is in the backup.
     *
     * @param db an open store (read-only or not)
     * @return the new backup
     * @throws LsmException if reading the store or writing the backup fails (no backup is left)
     */
    public BackupInfo create(LsmStore db) {
        if (db == null) {
            throw new IllegalArgumentException("db must not be null");
        }
        try {
            return dir.create(db);
        } catch (IOException e) {
            throw new LsmException("backup failed: " + e.getMessage(), e);
        }
    }

    /** @return every backup, oldest first */
    public List<BackupInfo> list() {
        try {
            return dir.list();
        } catch (IOException e) {
            throw new LsmException("cannot list backups: " + e.getMessage(), e);
        }
    }

    /**
     * Reads every file of a backup and checks its size and CRC32C.
     *
     * @param id the backup
     * @throws CorruptionException naming every damaged or missing file
     * @throws IllegalArgumentException if there is no such backup
     */
    public void verify(long id) {
        List<String> problems;
        try {
            problems = dir.verify(id);
        } catch (IOException e) {
            throw new LsmException("cannot verify backup " + id + ": " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new CorruptionException("backup " + id + " is damaged: " + String.join("; ", problems));
        }
    }

    /**
     * Restores a backup as a store in {@code target} on the default file system.
     *
     * @param id the backup
     * @param target a new or empty directory
     */
    public void restore(long id, java.nio.file.Path target) {
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        restore(id, okio.Path.get(target.toAbsolutePath().toString()));
    }

    /**
     * Restores a backup as a store in {@code target}, on this backup directory's file system.
     * Every file's checksum is checked as it is copied; the store's CURRENT is written last.
     *
     * @param id the backup
     * @param target a new or empty directory
     * @throws CorruptionException if a file of the backup is damaged (nothing is restored)
     * @throws IllegalArgumentException if there is no such backup, or the target is not new or empty
     */
    public void restore(long id, okio.Path target) {
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        try {
            dir.restore(id, target);
        } catch (IOException e) {
            throw new LsmException("restore of backup " + id + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Keeps the newest {@code keep} backups and removes the others, with the tables only they name.
     *
     * @param keep how many to keep, at least 0
     * @return how many were removed
     */
    public int purgeOld(int keep) {
        try {
            return dir.purgeOld(keep);
        } catch (IOException e) {
            throw new LsmException("cannot purge backups: " + e.getMessage(), e);
        }
    }

    /**
     * Removes one backup, with the tables only it names.
     *
     * @param id the backup
     * @throws IllegalArgumentException if there is no such backup
     */
    public void delete(long id) {
        try {
            dir.delete(id);
        } catch (IOException e) {
            throw new LsmException("cannot delete backup " + id + ": " + e.getMessage(), e);
        }
    }

    /** Releases the directory's lock. Idempotent. */
    @Override
    public void close() {
        try {
            dir.close();
        } catch (IOException e) {
            throw new LsmException("cannot close backup directory: " + e.getMessage(), e);
        }
    }
}

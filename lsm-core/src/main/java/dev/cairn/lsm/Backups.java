// The public face of a backup directory: incremental, verifiable backups of live stores. The
// implementation is the engine's (reached through EngineEntry, so this API names no engine class).
package dev.cairn.lsm;

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
 * <p>A backup of an encrypted store stays encrypted (its files are the store's own, sealed with
 * keys derived from the store's key); the restored store opens with the same key.
 *
 * <p>One {@code Backups} holds its directory's lock while open. Methods are thread-safe; they
 * run one at a time.
 */
public interface Backups extends AutoCloseable {

    /**
     * Opens (creating if needed) a backup directory on the default file system.
     *
     * @param backupDir the directory
     * @return the open backup directory
     * @throws StoreLockedException if another {@code Backups} holds it
     */
    static Backups open(java.nio.file.Path backupDir) {
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
    static Backups open(okio.Path backupDir, FileSystem fs) {
        if (backupDir == null || fs == null) {
            throw new IllegalArgumentException("backupDir and fs must not be null");
        }
        return EngineEntry.openBackups(backupDir, fs);
    }


    /**
     * Backs up {@code db} as it is now, without stopping its writers: every write acknowledged
     * before the call is in the backup.
     *
     * @param db an open store (read-only or not)
     * @return the new backup
     * @throws LsmException if reading the store or writing the backup fails (no backup is left)
     */
    BackupInfo create(LsmStore db);

    /** @return every backup, oldest first */
    List<BackupInfo> list();

    /**
     * Reads every file of a backup and checks its size and CRC32C.
     *
     * @param id the backup
     * @throws CorruptionException naming every damaged or missing file
     * @throws IllegalArgumentException if there is no such backup (ids are 1, 2, ...; 0 and
     *     negative ids are refused)
     */
    void verify(long id);

    /**
     * Restores a backup as a store in {@code target} on the default file system.
     *
     * @param id the backup
     * @param target a new or empty directory outside the backup directory
     * @throws IllegalArgumentException as {@link #restore(long, okio.Path)} says
     */
    void restore(long id, java.nio.file.Path target);

    /**
     * Restores a backup as a store in {@code target}, on this backup directory's file system.
     * Every file's checksum is checked as it is copied; the store's CURRENT is written last.
     *
     * @param id the backup
     * @param target a new or empty directory outside the backup directory
     * @throws CorruptionException if a file of the backup is damaged, or its metadata names a file
     *     outside the target or the backup directory (nothing is restored)
     * @throws IllegalArgumentException if there is no such backup (or {@code id} is below 1), or
     *     the target is a file, a non-empty directory or inside the backup directory; checked
     *     before anything is written
     */
    void restore(long id, okio.Path target);

    /**
     * Keeps the newest {@code keep} backups and removes the others, with the tables only they name.
     *
     * @param keep how many to keep, at least 0
     * @return how many were removed
     */
    int purgeOld(int keep);

    /**
     * Removes one backup, with the tables only it names.
     *
     * @param id the backup
     * @throws IllegalArgumentException if there is no such backup (or {@code id} is below 1)
     */
    void delete(long id);

    /** Releases the directory's lock. */
    @Override
    void close();
}

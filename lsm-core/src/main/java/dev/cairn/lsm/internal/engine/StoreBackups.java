// The engine's implementation of Backups: the public calls turned into BackupDirectory's, with
// I/O failures reported as LsmException. Opened through the API's EngineEntry. Thread-safe (the
// directory runs one call at a time).
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.BackupInfo;
import dev.cairn.lsm.Backups;
import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.LsmStore;
import java.io.IOException;
import java.util.List;
import okio.FileSystem;

/** A backup directory opened by {@link Backups#open}. */
public final class StoreBackups implements Backups {
    private final BackupDirectory dir;

    private StoreBackups(BackupDirectory dir) {
        this.dir = dir;
    }

    /**
     * The engine's entry point for {@link Backups#open(okio.Path, FileSystem)} (arguments checked there).
     *
     * @param backupDir the directory
     * @param fs its file system
     * @return the open backup directory
     */
    public static Backups open(okio.Path backupDir, FileSystem fs) {
        if (backupDir == null || fs == null) {
            throw new IllegalArgumentException("backupDir and fs must not be null");
        }
        try {
            return new StoreBackups(BackupDirectory.open(fs, backupDir, System::currentTimeMillis));
        } catch (IOException e) {
            throw new LsmException("cannot open backup directory " + backupDir + ": " + e.getMessage(), e);
        }
    }

    @Override
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

    @Override
    public List<BackupInfo> list() {
        try {
            return dir.list();
        } catch (IOException e) {
            throw new LsmException("cannot list backups: " + e.getMessage(), e);
        }
    }

    @Override
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

    @Override
    public void restore(long id, java.nio.file.Path target) {
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        restore(id, okio.Path.get(target.toAbsolutePath().toString()));
    }

    @Override
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

    @Override
    public int purgeOld(int keep) {
        try {
            return dir.purgeOld(keep);
        } catch (IOException e) {
            throw new LsmException("cannot purge backups: " + e.getMessage(), e);
        }
    }

    @Override
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

package dev.cairn.lsm;

import java.time.Instant;

/**
 * One backup in a {@link Backups} directory.
 *
 * @param id the backup's id, increasing with each backup
 * @param timestamp when it was taken
 * @param sequence the store's sequence number it shows: a restore holds every write up to it
 * @param files how many files a restore writes
 * @param bytes how many bytes a restore writes
 */
public record BackupInfo(long id, Instant timestamp, long sequence, int files, long bytes) {
}

// What recovery does with a damaged write-ahead log (RocksDB's WALRecoveryMode names). Immutable.
package dev.cairn.lsm;

/**
 * What recovery does when the write-ahead log is damaged. The names follow RocksDB's
 * {@code WALRecoveryMode}.
 */
public enum WalRecoveryMode {
    /**
     * The default: a torn or incomplete record at the very end of the newest log (a crash in the
     * middle of a write) is dropped silently; damage anywhere else is a {@link CorruptionException}.
     */
    TOLERATE_CORRUPTED_TAIL_RECORDS,
    /** Any damage at all, including a torn tail, is a {@link CorruptionException}. */
    ABSOLUTE_CONSISTENCY,
    /**
     * Damaged records are skipped wherever they are and reported to
     * {@link EventListener#onWalCorruption}; recovery continues with the next intact record.
     */
    SKIP_ANY_CORRUPTED_RECORDS
}

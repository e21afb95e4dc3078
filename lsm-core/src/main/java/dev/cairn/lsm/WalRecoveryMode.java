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
     * Damage is dropped wherever it is, in every log, and recovery goes on; what it drops is
     * reported to {@link EventListener#onWalCorruption} (file, offset, byte count, reason) and the
     * store opens with the writes it could read. A log is a sequence of 32 KiB blocks, and a
     * damaged record's length cannot be trusted, so the unit dropped is the rest of a block:
     * <ul>
     *   <li>A physical record that is damaged (checksum mismatch, a length that overruns its
     *       block, an unknown type, a truncated header) or a zero-filled region followed by intact
     *       records: everything from that record to the end of its 32 KiB block is dropped, intact
     *       records after it in the same block included, and reading resumes at the start of the
     *       next block. A write whose record had fragments before the damage is dropped whole (the
     *       report starts at its first fragment).</li>
     *   <li>A fragment with no start (its FIRST fragment was dropped), or a fragmented record
     *       interrupted by a new record: that fragment, or the incomplete record, is dropped, and
     *       reading goes on with the next record, without skipping to a block boundary.</li>
     *   <li>A record that reads intact but whose batch does not decode: that record alone is
     *       dropped.</li>
     *   <li>The end of a log: a record torn by the end of the file is dropped and reported; a
     *       zero-filled region with nothing intact after it (a preallocated or unwritten tail)
     *       ends the log silently, unless a fragmented record was cut off by it (reported).</li>
     * </ul>
     * Writes in dropped records are lost even when later writes survive (a write's atomicity
     * holds: it is dropped whole or kept whole), and the check that one log continues the
     * sequence numbers of the one before is not applied. Choose it to salvage what a damaged
     * store still holds; LevelDB's and RocksDB's readers drop the same way.
     */
    SKIP_ANY_CORRUPTED_RECORDS
}

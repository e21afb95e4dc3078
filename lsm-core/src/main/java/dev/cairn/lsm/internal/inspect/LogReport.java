// One log file read record by record, as plain data: each batch's place, sequence range and
// operations, the damage met, and where a torn tail begins. Immutable; thread-safe.
package dev.cairn.lsm.internal.inspect;

import java.util.List;

/**
 * A write-ahead log inspected.
 *
 * @param file the file's name
 * @param fileSize its size in bytes
 * @param records the intact records in file order
 * @param lastValidOffset the offset just past the last intact record
 * @param tornTailOffset where damage with no intact record after it begins (a write cut short by
 *     a crash, dropped at open), or -1 when the log ends cleanly
 * @param problems damage followed by intact records (corruption), a torn tail (a warning), and
 *     records whose batch does not decode (corruption)
 */
public record LogReport(String file, long fileSize, List<Record> records, long lastValidOffset, long tornTailOffset,
                        List<Problem> problems) {
    /** Copies the lists. */
    public LogReport {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }

    /** @return whether any problem is damage */
    public boolean corrupt() {
        return problems.stream().anyMatch(Problem::corruption);
    }

    /**
     * One logical record: a write batch.
     *
     * @param offset where the record's first fragment starts (its end is the previous record's)
     * @param end the offset just past its last fragment
     * @param sequence the first operation's sequence number
     * @param count operations in the batch (0: a gap marker)
     * @param writeTime commit time, epoch milliseconds
     * @param puts put operations
     * @param deletes point deletes
     * @param rangeDeletes range deletes
     * @param bytes the record's payload bytes
     */
    public record Record(long offset, long end, long sequence, int count, long writeTime, int puts, int deletes,
                         int rangeDeletes, int bytes) { }
}

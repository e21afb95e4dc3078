// What a store's manifest says, as plain data: the counters, the strategy state, the span of the
// commit-time map (stores retaining versions) and every live table with its level, key range,
// size and sequence range. Immutable; thread-safe.
package dev.cairn.lsm.internal.inspect;

import java.util.List;

/**
 * A manifest replayed.
 *
 * @param manifest the manifest's file name
 * @param edits how many version edits it holds
 * @param logNumber the oldest write-ahead log still needed (0: none yet)
 * @param nextFileNumber the next unused file number
 * @param lastSequence the last sequence number the manifest records (writes still only in the
 *     logs are newer)
 * @param strategy the compaction strategy's recorded name and state ("" when none)
 * @param tables the live tables, by level, then as each level orders them
 * @param commitTimes the commit-time map the manifest records (docs/format.md, tag 7)
 * @param blobFiles the numbers of the live blob files of the value log (docs/format.md, tags 13 and 14)
 * @param families the names of the live column families, the default first
 * @param blobDamage what the tables' blob references (tag 15) show to be damage: pointers into a
 *     blob file that is not live, or into more records than it has live (empty when consistent)
 * @param blobLeaks blob files whose live records outnumber those the tables point to: space no
 *     compaction will reclaim (empty when consistent, or when some table's references were not
 *     counted)
 */
public record ManifestReport(String manifest, int edits, long logNumber, long nextFileNumber, long lastSequence,
                             String strategy, List<Table> tables, CommitTimeRange commitTimes, List<Long> blobFiles,
                             List<String> families, List<String> blobDamage, List<String> blobLeaks) {
    /** Copies the lists. */
    public ManifestReport {
        tables = List.copyOf(tables);
        blobFiles = List.copyOf(blobFiles);
        families = List.copyOf(families);
        blobDamage = List.copyOf(blobDamage);
        blobLeaks = List.copyOf(blobLeaks);
    }

    /**
     * The commit-time map's span: its pairs {@code (time, sequence)} as the manifest records them
     * (a store not retaining versions records none: every figure is then 0).
     *
     * @param pairs how many pairs
     * @param firstTime the first pair's time, epoch milliseconds (where asOf reads may begin)
     * @param lastTime the last pair's time, epoch milliseconds
     * @param firstSequence the first pair's sequence
     * @param lastSequence the last pair's sequence
     */
    public record CommitTimeRange(int pairs, long firstTime, long lastTime, long firstSequence, long lastSequence) {
        /** The span of no pairs. */
        public static final CommitTimeRange NONE = new CommitTimeRange(0, 0, 0, 0, 0);
    }

    /**
     * A live table as the manifest knows it.
     *
     * @param level its level
     * @param number its file number ({@code 000008.sst} is 8)
     * @param fileName its file name
     * @param fileSize its size in bytes
     * @param smallest its smallest key
     * @param largest its largest key (a range tombstone's end included)
     * @param smallestSequence its smallest sequence number
     * @param largestSequence its largest sequence number
     * @param minWriteTime the earliest write time, epoch milliseconds
     * @param maxWriteTime the latest write time, epoch milliseconds
     * @param entries point entries (puts and deletes)
     * @param pointTombstones point deletes
     * @param rangeTombstones range tombstones
     * @param creationTime when it was written, epoch milliseconds
     * @param family the column family it belongs to
     */
    public record Table(int level, long number, String fileName, long fileSize, KeyView smallest, KeyView largest,
                        long smallestSequence, long largestSequence, long minWriteTime, long maxWriteTime,
                        long entries, long pointTombstones, long rangeTombstones, long creationTime,
                        String family) { }

    /** @return the tables of {@code level} */
    public List<Table> level(int level) {
        return tables.stream().filter(t -> t.level() == level).toList();
    }

    /** @return the bytes of every live table */
    public long tableBytes() {
        return tables.stream().mapToLong(Table::fileSize).sum();
    }

    /** @return the point entries of every live table (overwritten versions and deletes included) */
    public long entries() {
        return tables.stream().mapToLong(Table::entries).sum();
    }
}

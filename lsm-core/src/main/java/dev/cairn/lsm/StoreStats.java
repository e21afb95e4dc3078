// A point-in-time summary of a store's memtables, levels, cache, work counters and health figures
// (amplification, the oldest open snapshot). Immutable.
package dev.cairn.lsm;

import java.time.Duration;
import java.util.List;

/**
 * A point-in-time summary of a store, from {@link LsmStore#stats()}.
 *
 * @param memtableBytes bytes held by the active and immutable memtables
 * @param immutableMemtables how many memtables wait to be flushed
 * @param levels tables per level, level 0 first
 * @param blockCacheHits block cache hits since open
 * @param blockCacheMisses block cache misses since open
 * @param userBytesWritten key and value bytes accepted from writers since open
 * @param walBytesWritten bytes appended to write-ahead logs since open
 * @param flushBytesWritten table bytes written by flushes since open
 * @param compactionBytesWritten table bytes written by compactions since open
 * @param compactionBytesRead table bytes read by compactions since open
 * @param pendingCompactionBytes estimated bytes compaction still has to rewrite
 * @param stallNanos total time writers were slowed or stopped
 * @param lastSequence the sequence number of the newest write
 * @param tableBytesRead bytes read from table files since open, for any reader: point reads and
 *     cursors (data blocks not found in the block cache), table opens (footer, index, filter,
 *     properties), compactions and verification; blocks served from the block cache are not read
 *     again and not counted
 * @param walSyncs fsyncs of write-ahead logs since open: one per synced commit group (however many
 *     synced writes it carried), one per memtable switch (the old log is synced before the new
 *     one is created) and one at close
 * @param pointReads point reads answered since open ({@code get}, {@code getOrIncomplete}, a
 *     transaction's reads); a memory-only read that needs the disk is not counted, the read
 *     that then goes to the disk is
 * @param tablesProbed tables the point reads looked into since open: tables whose key range holds
 *     the key, whether their bloom filter then ruled the key out or a data block was read
 * @param estimatedLiveBytes an estimate of the table bytes holding the newest version of each
 *     live key, from the tables' metadata (no data is read): a maximal set of tables whose key
 *     ranges do not overlap, chosen from the deepest level up (and, in level 0, largest first),
 *     each counted for the share of its entries that are not point tombstones. It leaves out
 *     older versions and deletes in the tables not chosen; it counts older versions and keys
 *     deleted by range tombstones inside the tables chosen, so it is high for a store with many
 *     overwrites inside one table, and low for one whose newest data sits in tables that overlap
 *     a chosen one (RocksDB's {@code estimate-live-data-size} makes the same choice)
 * @param openSnapshots snapshots open now, those held by open transactions included
 * @param oldestSnapshotAge how long the oldest open snapshot (or transaction) has been open, by
 *     the store's clock; {@link Duration#ZERO} when none is open. A figure that keeps growing
 *     points at a snapshot or transaction that was never closed, which keeps compaction from
 *     dropping the versions it can see
 * @param blobFileCount live blob files of the value log ({@link StoreOptions.Builder#valueSeparationThreshold})
 * @param blobBytes bytes of the records in those files
 * @param blobGarbageBytes bytes of those records no table points to any more (reclaimed by
 *     value-log garbage collection)
 * @param blobBytesReclaimed bytes of blob files deleted since the store opened, across all
 *     column families: files collected (their live values rewritten by a compaction, a
 *     {@code compactRange} or the background's collection of a file at least half garbage), or
 *     left with no live record when their tables expired or their family was dropped
 */
public record StoreStats(long memtableBytes, int immutableMemtables, List<LevelStats> levels,
                         long blockCacheHits, long blockCacheMisses, long userBytesWritten,
                         long walBytesWritten, long flushBytesWritten, long compactionBytesWritten,
                         long compactionBytesRead, long pendingCompactionBytes, long stallNanos,
                         long lastSequence, long tableBytesRead, long walSyncs, long pointReads,
                         long tablesProbed, long estimatedLiveBytes, int openSnapshots,
                         Duration oldestSnapshotAge, int blobFileCount, long blobBytes, long blobGarbageBytes,
                         long blobBytesReclaimed) {
    /** Copies the level list so the record stays immutable; checks the age is given. */
    public StoreStats {
        levels = List.copyOf(levels);
        if (oldestSnapshotAge == null || oldestSnapshotAge.isNegative()) {
            throw new IllegalArgumentException("oldestSnapshotAge must be zero or positive, not " + oldestSnapshotAge);
        }
    }

    /**
     * The figures of a store without a value log (the constructor before
     * {@link StoreOptions.Builder#valueSeparationThreshold} existed): no blob files.
     */
    public StoreStats(long memtableBytes, int immutableMemtables, List<LevelStats> levels,
                      long blockCacheHits, long blockCacheMisses, long userBytesWritten,
                      long walBytesWritten, long flushBytesWritten, long compactionBytesWritten,
                      long compactionBytesRead, long pendingCompactionBytes, long stallNanos,
                      long lastSequence, long tableBytesRead, long walSyncs, long pointReads,
                      long tablesProbed, long estimatedLiveBytes, int openSnapshots,
                      Duration oldestSnapshotAge) {
        this(memtableBytes, immutableMemtables, levels, blockCacheHits, blockCacheMisses, userBytesWritten,
                walBytesWritten, flushBytesWritten, compactionBytesWritten, compactionBytesRead, pendingCompactionBytes,
                stallNanos, lastSequence, tableBytesRead, walSyncs, pointReads, tablesProbed, estimatedLiveBytes,
                openSnapshots, oldestSnapshotAge, 0, 0, 0, 0);
    }

    /**
     * The figures of a store with a value log, without the bytes reclaimed (the constructor before
     * {@link #blobBytesReclaimed} existed).
     */
    public StoreStats(long memtableBytes, int immutableMemtables, List<LevelStats> levels,
                      long blockCacheHits, long blockCacheMisses, long userBytesWritten,
                      long walBytesWritten, long flushBytesWritten, long compactionBytesWritten,
                      long compactionBytesRead, long pendingCompactionBytes, long stallNanos,
                      long lastSequence, long tableBytesRead, long walSyncs, long pointReads,
                      long tablesProbed, long estimatedLiveBytes, int openSnapshots,
                      Duration oldestSnapshotAge, int blobFileCount, long blobBytes, long blobGarbageBytes) {
        this(memtableBytes, immutableMemtables, levels, blockCacheHits, blockCacheMisses, userBytesWritten,
                walBytesWritten, flushBytesWritten, compactionBytesWritten, compactionBytesRead, pendingCompactionBytes,
                stallNanos, lastSequence, tableBytesRead, walSyncs, pointReads, tablesProbed, estimatedLiveBytes,
                openSnapshots, oldestSnapshotAge, blobFileCount, blobBytes, blobGarbageBytes, 0);
    }

    /** @return the number of live tables across all levels */
    public int tableCount() {
        return levels.stream().mapToInt(LevelStats::tableCount).sum();
    }

    /** @return the bytes of all live tables */
    public long tableBytes() {
        return levels.stream().mapToLong(LevelStats::bytes).sum();
    }

    /** @return the block cache hit rate in [0, 1], 0 when the cache was never asked */
    public double blockCacheHitRate() {
        long total = blockCacheHits + blockCacheMisses;
        return total == 0 ? 0.0 : (double) blockCacheHits / total;
    }

    /**
     * @return table bytes written by flush and compaction over user bytes written; 0 before any
     *     user write
     */
    public double writeAmplification() {
        return userBytesWritten == 0 ? 0.0
                : (double) (flushBytesWritten + compactionBytesWritten) / userBytesWritten;
    }

    /**
     * Read amplification, measured: the tables a point read looked into, on average, since open
     * ({@link #tablesProbed()} over {@link #pointReads()}). Reads answered by a memtable count as
     * zero tables. A leveled store that has caught up stays near 1 (one table per level that
     * holds the key's range, most ruled out by their bloom filter); many level-0 tables raise it.
     *
     * @return tables probed per point read; 0 before any point read
     */
    public double readAmplification() {
        return pointReads == 0 ? 0.0 : (double) tablesProbed / pointReads;
    }

    /**
     * Space amplification, estimated: the bytes of all live tables over the estimate of the bytes
     * holding the newest version of each live key ({@link #tableBytes()} over
     * {@link #estimatedLiveBytes()}; see that component for how it is estimated). 1 means no
     * space is spent on older versions and deletes; memtables are not counted.
     *
     * @return table bytes per estimated live byte; 0 when the estimate is 0 (no tables, or tables
     *     holding only deletes)
     */
    public double spaceAmplification() {
        return estimatedLiveBytes == 0 ? 0.0 : (double) tableBytes() / estimatedLiveBytes;
    }
}

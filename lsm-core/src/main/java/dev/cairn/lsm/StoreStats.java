// A point-in-time summary of a store's memtables, levels, cache and work counters. Immutable.
package dev.cairn.lsm;

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
 */
public record StoreStats(long memtableBytes, int immutableMemtables, List<LevelStats> levels,
                         long blockCacheHits, long blockCacheMisses, long userBytesWritten,
                         long walBytesWritten, long flushBytesWritten, long compactionBytesWritten,
                         long compactionBytesRead, long pendingCompactionBytes, long stallNanos,
                         long lastSequence) {
    /** Copies the level list so the record stays immutable. */
    public StoreStats {
        levels = List.copyOf(levels);
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
}

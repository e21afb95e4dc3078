// The running totals behind StoreStats: bytes written by users, to the write-ahead log, by
// flushes and by compactions, bytes compactions read, and time writers spent stalled. Each is an
// atomic counter that its one writer adds to (the commit leader, a background job, a stalled
// leader) and stats() reads; no lock. Thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.LevelStats;
import dev.cairn.lsm.StoreStats;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.sstable.BlockCache;
import dev.cairn.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Work counters of one open store; every field is atomic, so none needs a lock. */
final class StoreCounters {
    /** Bytes of batch records users committed. */
    final AtomicLong userBytes = new AtomicLong();
    /** Bytes appended to write-ahead logs. */
    final AtomicLong walBytes = new AtomicLong();
    /** Bytes of tables written by flushes (recovery's included). */
    final AtomicLong flushBytes = new AtomicLong();
    /** Bytes of tables written by compactions. */
    final AtomicLong compactionBytesWritten = new AtomicLong();
    /** Bytes of tables read by compactions. */
    final AtomicLong compactionBytesRead = new AtomicLong();
    /** Nanoseconds writers spent stalled. */
    final AtomicLong stallNanos = new AtomicLong();

    /**
     * @param sv the view the report describes (the caller holds a reference)
     * @param cache the block cache, or null
     * @param pendingBytes the picker's estimate of compaction work left
     * @param lastSequence the newest sequence number
     * @return the counters with the shape of {@code sv}
     */
    StoreStats report(SuperVersion sv, BlockCache cache, long pendingBytes, long lastSequence) {
        Version v = sv.version;
        List<LevelStats> levels = new ArrayList<>();
        for (int i = 0; i < Version.NUM_LEVELS; i++) {
            levels.add(new LevelStats(i, v.files(i).size(), v.levelBytes(i)));
        }
        long memBytes = sv.mem.approximateBytes();
        for (MemTable m : sv.imms) {
            memBytes += m.approximateBytes();
        }
        return new StoreStats(memBytes, sv.imms.size(), levels,
                cache == null ? 0 : cache.hits(), cache == null ? 0 : cache.misses(),
                userBytes.get(), walBytes.get(), flushBytes.get(), compactionBytesWritten.get(),
                compactionBytesRead.get(), pendingBytes, stallNanos.get(), lastSequence);
    }
}

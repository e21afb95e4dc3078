// The running totals behind StoreStats: bytes written by users, to the write-ahead log, by
// flushes and by compactions, bytes compactions read, time writers spent stalled, log syncs, bytes
// read from tables and the tables point reads probed. Each is an atomic counter (a LongAdder where
// every reader adds to it) that stats() reads; no lock. Thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.LevelStats;
import dev.cairn.lsm.StoreStats;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.sstable.BlockCache;
import dev.cairn.lsm.internal.version.LiveDataEstimate;
import dev.cairn.lsm.internal.version.Version;
import dev.cairn.lsm.internal.vlog.BlobFileState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

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
    /** Successful syncs of write-ahead logs. */
    final AtomicLong walSyncs = new AtomicLong();
    /** Bytes read from table files, by any reader (the table registry's readers add to it). */
    final LongAdder tableBytesRead = new LongAdder();
    /** Point reads answered. */
    private final LongAdder pointReads = new LongAdder();
    /** Tables those point reads looked into. */
    private final LongAdder tablesProbed = new LongAdder();

    /** A point read was answered after looking into {@code probes} tables. */
    void pointRead(int probes) {
        pointReads.increment();
        if (probes != 0) {
            tablesProbed.add(probes);
        }
    }

    /**
     * @param sv the view the report describes (the caller holds a reference)
     * @param cache the block cache, or null
     * @param pendingBytes the picker's estimate of compaction work left
     * @param lastSequence the newest sequence number
     * @param snapshots the store's open snapshots
     * @param blobBytesReclaimed bytes of blob files deleted since the store opened
     * @return the counters with the shape of {@code sv}
     */
    StoreStats report(SuperVersion sv, BlockCache cache, long pendingBytes, long lastSequence, SnapshotList snapshots,
            long blobBytesReclaimed) {
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
                compactionBytesRead.get(), pendingBytes, stallNanos.get(), lastSequence, tableBytesRead.sum(),
                walSyncs.get(), pointReads.sum(), tablesProbed.sum(), LiveDataEstimate.of(v), snapshots.openCount(),
                Duration.ofMillis(snapshots.oldestAgeMillis()), v.blobFiles().size(),
                v.blobFiles().values().stream().mapToLong(BlobFileState::bytes).sum(),
                v.blobFiles().values().stream().mapToLong(BlobFileState::garbageBytes).sum(), blobBytesReclaimed);
    }
}

// Time-window compaction (Cassandra's TWCS): tables grouped by the window of their newest write,
// never merged across windows. Stateless; thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.CompactionStrategy;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.PickerMemory;
import dev.cairn.lsm.internal.version.Version;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Time-window compaction (Cassandra's TWCS). Every table lives in level 0 and belongs to the
 * window holding its newest write ({@link ExpiredTables#newestWrite}); windows are
 * {@code window} long, aligned to the epoch. The current window (the one holding "now", or any
 * later one) is compacted size-tiered; an older window no longer receives data and is merged down
 * to a single table (newest window first). Tables of different windows are never merged, so with a
 * TTL a whole window expires at once and {@link ExpiredTables} drops its table without reading it.
 * Manual compaction merges every table meeting the range, windows included, as Cassandra's major
 * compaction does. Stateless; thread-safe.
 */
public final class TimeWindowPicker extends AbstractPicker {
    private final long windowMillis;

    /**
     * @param strategy the time-window parameters
     * @param ttl entries older than this are expired, or null
     * @param clock the store's clock
     */
    public TimeWindowPicker(CompactionStrategy strategy, Duration ttl, Clock clock) {
        super(strategy, ttl, clock);
        this.windowMillis = strategy.window().toMillis();
    }

    /** @return the window index of epoch millis {@code t} */
    long windowOf(long t) {
        return Math.floorDiv(t, windowMillis);
    }

    /** Level-0 tables by window, newest window first. */
    TreeMap<Long, List<FileMetadata>> windows(List<FileMetadata> tables) {
        TreeMap<Long, List<FileMetadata>> byWindow = new TreeMap<>(Comparator.reverseOrder());
        for (FileMetadata f : tables) {
            byWindow.computeIfAbsent(windowOf(ExpiredTables.newestWrite(f)), w -> new ArrayList<>()).add(f);
        }
        return byWindow;
    }

    @Override
    Compaction pickStrategy(Version v, PickerMemory memory, Set<Long> busy, long now) {
        Compaction drain = LevelDrain.find(v, busy);
        if (drain != null) {
            return drain;
        }
        long current = windowOf(now);
        for (Map.Entry<Long, List<FileMetadata>> w : windows(SizeTieredPicker.idle(v.files(0), busy)).entrySet()) {
            List<FileMetadata> merge = work(w.getKey(), w.getValue(), current);
            if (merge != null) {
                return Compaction.withinLevel(merge, 0, Long.MAX_VALUE, (w.getKey() >= current
                        ? "time-window current window, bucket of " : "time-window old window, ")
                        + merge.size() + " tables");
            }
        }
        return null;
    }

    /** The tables of one window to merge now, or null. */
    private List<FileMetadata> work(long window, List<FileMetadata> tables, long current) {
        if (window >= current) {
            return SizeBuckets.best(tables, strategy);
        }
        if (tables.size() < 2) {
            return null;
        }
        List<FileMetadata> sorted = new ArrayList<>(tables);
        sorted.sort(Comparator.comparingLong(FileMetadata::fileSize));
        return sorted.size() > strategy.maxThreshold() ? sorted.subList(0, strategy.maxThreshold()) : sorted;
    }

    @Override
    long strategyPendingBytes(Version v, long now) {
        long n = LevelDrain.pendingBytes(v);
        long current = windowOf(now);
        for (Map.Entry<Long, List<FileMetadata>> w : windows(v.files(0)).entrySet()) {
            if (w.getKey() >= current) {
                n += SizeBuckets.pendingBytes(w.getValue(), strategy);
            } else if (w.getValue().size() >= 2) {
                n += Compaction.totalBytes(w.getValue());
            }
        }
        return n;
    }

    @Override
    long outputFileSize() {
        return Long.MAX_VALUE;
    }

    @Override
    public Compaction manual(Version v, byte[] from, byte[] to) {
        return ManualRange.intoLevelZero(v, from, to);
    }

    /**
     * A settled store keeps one table per past window, without bound when there is no TTL, so
     * the level-0 count says nothing about lag here: only the memtable stalls apply.
     */
    @Override
    public int slowdownTables() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int stopTables() {
        return Integer.MAX_VALUE;
    }
}

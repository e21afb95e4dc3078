// Size-tiered compaction (Cassandra's STCS): every table in level 0, similar sizes merged.
// Stateless; thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.CompactionStrategy;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.PickerMemory;
import dev.cairn.lsm.internal.version.Version;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Size-tiered compaction (Cassandra's STCS). Every table lives in level 0; tables of similar size
 * are bucketed ({@link SizeBuckets}) and the most interesting bucket with at least
 * {@code minThreshold} tables is merged into one new level-0 table. Tables left in sorted levels
 * by an earlier leveled configuration are first moved into level 0 ({@link LevelDrain}). Manual
 * compaction merges every table meeting the range into one. Stateless; thread-safe.
 */
public final class SizeTieredPicker extends AbstractPicker {
    /**
     * @param strategy the size-tiered parameters
     * @param ttl entries older than this are expired, or null
     * @param clock the store's clock
     */
    public SizeTieredPicker(CompactionStrategy strategy, Duration ttl, Clock clock) {
        super(strategy, ttl, clock);
    }

    @Override
    Compaction pickStrategy(Version v, PickerMemory memory, Set<Long> busy, long now) {
        Compaction drain = LevelDrain.find(v, busy);
        if (drain != null) {
            return drain;
        }
        List<FileMetadata> idle = idle(v.files(0), busy);
        List<FileMetadata> bucket = SizeBuckets.best(idle, strategy);
        if (bucket != null) {
            return Compaction.withinLevel(bucket, 0, Long.MAX_VALUE, "size-tiered bucket of " + bucket.size());
        }
        List<FileMetadata> relief = relief(idle);
        return relief == null ? null
                : Compaction.withinLevel(relief, 0, Long.MAX_VALUE, "size-tiered table-count relief");
    }

    /**
     * When level 0 reaches the slowdown threshold and no bucket is ready (sizes spread too
     * widely), the {@code maxThreshold} smallest tables are merged anyway, so a writer stalled on
     * the table count always has work to wait for.
     */
    private List<FileMetadata> relief(List<FileMetadata> tables) {
        if (tables.size() < slowdownTables()) {
            return null;
        }
        List<FileMetadata> sorted = new ArrayList<>(tables);
        sorted.sort(java.util.Comparator.comparingLong(FileMetadata::fileSize));
        return new ArrayList<>(sorted.subList(0, Math.min(sorted.size(), strategy.maxThreshold())));
    }

    @Override
    long strategyPendingBytes(Version v, long now) {
        long buckets = SizeBuckets.pendingBytes(v.files(0), strategy);
        if (buckets == 0) {
            List<FileMetadata> relief = relief(v.files(0));
            buckets = relief == null ? 0 : Compaction.totalBytes(relief);
        }
        return LevelDrain.pendingBytes(v) + buckets;
    }

    @Override
    long outputFileSize() {
        return Long.MAX_VALUE;
    }

    static List<FileMetadata> idle(List<FileMetadata> tables, Set<Long> busy) {
        List<FileMetadata> out = new ArrayList<>();
        for (FileMetadata f : tables) {
            if (!busy.contains(f.number())) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public Compaction manual(Version v, byte[] from, byte[] to) {
        return ManualRange.intoLevelZero(v, from, to);
    }

    /**
     * Level 0 holds the whole store here: a settled store keeps up to {@code minThreshold - 1}
     * tables per size tier, so the thresholds sit well above that.
     */
    @Override
    public int slowdownTables() {
        return Math.max(40, strategy.minThreshold() * 10);
    }

    @Override
    public int stopTables() {
        return Math.max(80, strategy.minThreshold() * 20);
    }
}

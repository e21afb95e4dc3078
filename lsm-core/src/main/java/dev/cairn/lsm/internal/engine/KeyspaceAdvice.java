// Gathers what the compaction advisor needs about one keyspace — its workload meter's reading,
// the store's stats, the ages of its tables' writes, its TTL and strategy — checks the family
// handle, and asks internal.advice for the advice. Stateless; thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.CompactionAdvice;
import dev.cairn.lsm.CompactionStrategy;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.StoreStats;
import dev.cairn.lsm.internal.advice.CompactionAdvisor;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The engine's side of {@code compactionAdvice}: the keyspace's measurements, then the advisor. */
final class KeyspaceAdvice {
    private KeyspaceAdvice() {
    }

    /**
     * @param family the family asked about, already checked to be one of the store's
     * @param meter the keyspace's workload meter
     * @param stats the store's stats now
     * @param version the keyspace's current tables (their metadata only is read)
     * @param recordedKind the strategy kind the manifest records (see {@link #strategyOf})
     * @param options the store's options (TTL, memtable size, strategy)
     * @param now the store's clock, epoch milliseconds
     * @return the advice
     */
    static CompactionAdvice advise(ColumnFamily family, WorkloadMeter meter, StoreStats stats, Version version,
                                   String recordedKind, StoreOptions options, long now) {
        CompactionStrategy current = strategyOf(recordedKind, options);
        WorkloadMeter.Reading r = meter.read(now);
        List<FileMetadata> files = version.allFiles();
        CompactionAdvice.Measurements m = new CompactionAdvice.Measurements(Duration.ofMillis(r.millis()), r.puts(),
                r.deletes(), r.pointReads(), r.scans(), stats.userBytesWritten(), r.overwriteRatio(),
                r.deleteRatio(), r.appendRatio(), r.distinctKeys(), options.ttl(), newestWriteAge(files, now, 0.5),
                newestWriteAge(files, now, 0.9), oldestWriteAge(files, now), stats.estimatedLiveBytes(),
                stats.tableBytes(), stats.writeAmplification(), stats.readAmplification(),
                stats.spaceAmplification());
        return CompactionAdvisor.advise(family.name(), current, m, options.memtableSizeBytes());
    }

    /**
     * @param recordedKind the strategy kind the manifest records ("" when none)
     * @param options the options the store was opened with
     * @return the options' strategy when it is of the recorded kind (or none is recorded), else the
     *     recorded kind's defaults (a read-only store opened with other options than its writer's)
     */
    static CompactionStrategy strategyOf(String recordedKind, StoreOptions options) {
        for (CompactionStrategy.Kind k : CompactionStrategy.Kind.values()) {
            if (k.name().equals(recordedKind) && k != options.compaction().kind()) {
                return CompactionStrategy.builder(k).build();
            }
        }
        return options.compaction();
    }

    /** The age of the newest write of the table holding the given quantile of table bytes, tables ordered by that age. */
    private static Duration newestWriteAge(List<FileMetadata> files, long now, double quantile) {
        List<FileMetadata> byAge = new ArrayList<>(files);
        byAge.sort(Comparator.comparingLong((FileMetadata f) -> -f.maxWriteTime()));
        long total = 0;
        for (FileMetadata f : byAge) {
            total += f.fileSize();
        }
        long seen = 0;
        for (FileMetadata f : byAge) {
            seen += f.fileSize();
            if (seen >= quantile * total) {
                return age(now, f.maxWriteTime());
            }
        }
        return Duration.ZERO;
    }

    private static Duration oldestWriteAge(List<FileMetadata> files, long now) {
        Duration oldest = Duration.ZERO;
        for (FileMetadata f : files) {
            Duration a = age(now, f.minWriteTime());
            oldest = a.compareTo(oldest) > 0 ? a : oldest;
        }
        return oldest;
    }

    /** Ages are never negative; a write time that is not set (0 or less) counts as now. */
    private static Duration age(long now, long writeTime) {
        return writeTime <= 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, now - writeTime));
    }
}

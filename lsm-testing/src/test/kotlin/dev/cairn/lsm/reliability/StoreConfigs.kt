// Store options the reliability suites use: small memtables, blocks and tables so a short
// workload flushes, compacts and rotates logs and manifests many times.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.Compression
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.StoreOptions
import okio.FileSystem
import java.util.Random

object StoreConfigs {
    /** The merge operator of every configuration here: append with '|' (Model folds [Op.Merge] alike). */
    val MERGE_OPERATOR = MergeOperators.stringAppend("|")

    fun leveled(): CompactionStrategy = CompactionStrategy.builder(CompactionStrategy.Kind.LEVELED)
        .l0Trigger(2).levelMultiplier(4).targetFileSize(4096).baseLevelSize(16 * 1024).build()

    fun sizeTiered(): CompactionStrategy = CompactionStrategy.builder(CompactionStrategy.Kind.SIZE_TIERED)
        .minThreshold(2).maxThreshold(8).minSstableSize(0).build()

    fun timeWindow(): CompactionStrategy = CompactionStrategy.builder(CompactionStrategy.Kind.TIME_WINDOW)
        .window(java.time.Duration.ofMinutes(1)).minThreshold(2).maxThreshold(8).minSstableSize(0).build()

    /** Small everything, on [fs]. */
    fun tiny(fs: FileSystem, compaction: CompactionStrategy = leveled()): StoreOptions = StoreOptions.builder()
        .fileSystem(fs)
        .memtableSizeBytes(4096)
        .blockSize(256)
        .blockCacheBytes(64 * 1024)
        .compaction(compaction)
        .backgroundThreads(2)
        .mergeOperator(MERGE_OPERATOR)
        .build()

    /** A random small configuration, for crash runs that should cover every strategy. */
    fun randomTiny(fs: FileSystem, random: Random): StoreOptions {
        val compaction = when (random.nextInt(3)) {
            0 -> leveled()
            1 -> sizeTiered()
            else -> timeWindow()
        }
        return tiny(fs, compaction).toBuilder()
            .memtableSizeBytes(4096L shl random.nextInt(3))
            .bloomBitsPerKey(if (random.nextBoolean()) 10 else 0)
            .compression(if (random.nextBoolean()) Compression.LZ4 else Compression.NONE)
            .backgroundThreads(1 + random.nextInt(2))
            .build()
    }
}

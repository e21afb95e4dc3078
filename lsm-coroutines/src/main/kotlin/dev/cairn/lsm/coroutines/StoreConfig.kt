// The receiver of Store.open's configuration block. Not thread-safe; used once, during open.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.BackgroundScheduler
import dev.cairn.lsm.CompactionFilter
import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.Compression
import dev.cairn.lsm.Encryption
import dev.cairn.lsm.EventListener
import dev.cairn.lsm.MergeOperator
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WalRecoveryMode
import dev.cairn.lsm.coroutines.internal.merge.DecodedMerge
import dev.cairn.lsm.coroutines.internal.merge.TypedMergeOperator
import java.time.Clock
import java.time.Duration
import kotlin.properties.ReadWriteProperty
import kotlin.reflect.KProperty
import kotlinx.serialization.BinaryFormat
import kotlinx.serialization.KSerializer
import kotlinx.serialization.serializer
import okio.FileSystem

/**
 * The options of a store being opened, as properties named like the setters of
 * [StoreOptions.Builder]. Each assignment is checked at once, with the builder's message:
 *
 * ```
 * Store.open(dir) {
 *     memtableSizeBytes = 8L shl 20
 *     compaction = CompactionStrategy.sizeTiered()
 *     syncWrites = true
 * }
 * ```
 *
 * The file system is [Store.open]'s parameter, and the background scheduler is always the
 * store's own coroutine scope, so neither is here.
 */
@CairnDsl
public class StoreConfig internal constructor() {
    private val builder = StoreOptions.builder()
    private val defaults = StoreOptions.defaults()

    /** Bytes a memtable may hold before it is frozen and flushed (4 KiB to 1 GiB). */
    public var memtableSizeBytes: Long by option(defaults.memtableSizeBytes(), builder::memtableSizeBytes)

    /** The compaction strategy. */
    public var compaction: CompactionStrategy by option(defaults.compaction(), builder::compaction)

    /** Whether writes fsync before they are acknowledged, unless a write says otherwise. */
    public var syncWrites: Boolean by option(defaults.syncWrites(), builder::syncWrites)

    /** Target size of a table data block before compression (256 bytes to 1 MiB). */
    public var blockSize: Int by option(defaults.blockSize(), builder::blockSize)

    /** Bloom filter bits per key, 0 (no filter) to 32. */
    public var bloomBitsPerKey: Int by option(defaults.bloomBitsPerKey(), builder::bloomBitsPerKey)

    /** Block cache capacity in bytes; 0 disables the cache. */
    public var blockCacheBytes: Long by option(defaults.blockCacheBytes(), builder::blockCacheBytes)

    /** Compression of table data blocks. */
    public var compression: Compression by option(defaults.compression(), builder::compression)

    /**
     * Encryption of the store's files at rest ([Encryption.aesGcm]), or null for none. A store
     * opens only with the setting it was created with.
     */
    public var encryption: Encryption? = defaults.encryption()
        set(value) { builder.encryption(value); field = value }

    /** What recovery does with a damaged write-ahead log. */
    public var walRecovery: WalRecoveryMode by option(defaults.walRecovery(), builder::walRecovery)

    /**
     * How many background jobs (flush, compaction) may run at once (1 to 64): the parallelism
     * of the store's bounded view of `Dispatchers.IO`.
     */
    public var backgroundThreads: Int by option(defaults.backgroundThreads(), builder::backgroundThreads)

    /** Receives notice of flushes, compactions, stalls and background errors. */
    public var listener: EventListener by option(defaults.listener(), builder::listener)

    /** Time to live of entries, or null when entries never expire. */
    public var ttl: Duration? by option(defaults.ttl(), builder::ttl)

    /** The clock for write times and TTL. */
    public var clock: Clock by option(defaults.clock(), builder::clock)

    /**
     * How long every committed version is kept for [Store.history] and reads as of an instant
     * ([Store.getAsOf]), or null (the default) to keep only what reads of the present need.
     */
    public var retainVersions: Duration? by option(defaults.retainVersions(), builder::retainVersions)

    /**
     * Values of at least this many bytes are kept in the value log (blob files) instead of the
     * tables, so compactions move small pointers rather than large values; 0 (the default) keeps
     * every value in the tables. See `StoreOptions.Builder.valueSeparationThreshold`.
     */
    public var valueSeparationThreshold: Int by option(defaults.valueSeparationThreshold(), builder::valueSeparationThreshold)

    /**
     * The merge operator for raw keys (those written with [Store.merge] outside typed maps), or
     * null. Typed maps get theirs from [merge].
     */
    public var mergeOperator: MergeOperator? = null

    /**
     * How much of the typed maps' data the store keeps decoded in memory, as the raw bytes (keys
     * and values) the kept entries take in the store, over all maps together; 0 (the default)
     * keeps nothing. With a budget, a whole scan of a prefix map (`map.scan()`, either direction)
     * keeps its decoded entries, and the next whole scan of that map hands them back without
     * reading or decoding, as long as no write touched the map in between: every write through
     * the store (puts, deletes, ranges, batches, transactions, merges, raw keys in the map's
     * range) drops the map's entries before it commits. A map bigger than the budget is not kept;
     * filling one map drops others' entries when the budget would be exceeded. Scans of part of a
     * map, maps in a column family, and stores with a [ttl] or a [compactionFilter] (which change
     * what a scan sees without a write) are never cached.
     *
     * The entries handed back are the same objects each time, as DataStore hands back its data:
     * use immutable values (data classes of `val`s, read-only collections) or do not mutate them.
     */
    public var typedMapCacheBytes: Long = 0
        set(value) {
            require(value >= 0) { "typedMapCacheBytes must be >= 0, was $value" }
            field = value
        }

    /** @return the decoded-scan cache's budget: [typedMapCacheBytes], or 0 where a scan may change without a write */
    internal fun scanCacheBudget(): Long = if (ttl != null || filter != null) 0 else typedMapCacheBytes

    private val mapMerges = LinkedHashMap<String, MergeOperator>()
    private var filter: CompactionFilter? = null

    /** The names of the maps given a [Merge]. */
    internal val mergedMaps: Set<String> get() = mapMerges.keys

    /**
     * Gives typed map [mapName] a [Merge], so `map.merge(key, operand)` may be used on it. The
     * map must be opened with the same value serializer and [valueFormat].
     */
    public inline fun <reified V> merge(mapName: String, merge: Merge<V>, valueFormat: BinaryFormat = CompactValueFormat) {
        merge(mapName, serializer<V>(), merge, valueFormat)
    }

    /** Gives typed map [mapName] a [Merge] with an explicit serializer; see the reified overload. */
    public fun <V> merge(mapName: String, serializer: KSerializer<V>, merge: Merge<V>, valueFormat: BinaryFormat = CompactValueFormat) {
        require(mapName !in mapMerges) { "map '$mapName' already has a Merge" }
        mapMerges[mapName] = DecodedMerge("map '$mapName'", serializer, valueFormat, merge)
    }

    /**
     * Keeps, removes or changes values as compactions rewrite them; see
     * [dev.cairn.lsm.CompactionFilter] for what the filter is shown (never a version a live
     * snapshot reads). Keys are raw: a typed map's keys begin with its prefix.
     *
     * ```
     * compactionFilter { entry ->
     *     if (entry.ageMillis() > 86_400_000) CompactionFilter.Decision.remove() else CompactionFilter.Decision.keep()
     * }
     * ```
     */
    public fun compactionFilter(filter: (CompactionFilter.Entry) -> CompactionFilter.Decision) {
        this.filter = CompactionFilter { filter(it) }
    }

    /**
     * A property that hands each assignment to [check] (the builder's setter, which refuses a bad
     * value with its own message) before keeping it; reads return the last value kept.
     */
    private class BuilderOption<T>(private var value: T, private val check: (T) -> Any?) : ReadWriteProperty<Any?, T> {
        override fun getValue(thisRef: Any?, property: KProperty<*>): T = value

        override fun setValue(thisRef: Any?, property: KProperty<*>, value: T) {
            check(value)
            this.value = value
        }
    }

    private fun <T> option(initial: T, check: (T) -> Any?): ReadWriteProperty<Any?, T> = BuilderOption(initial, check)

    internal fun toOptions(fileSystem: FileSystem, scheduler: BackgroundScheduler): StoreOptions {
        val operator = if (mapMerges.isEmpty()) mergeOperator else TypedMergeOperator(LinkedHashMap(mapMerges), mergeOperator)
        return builder.fileSystem(fileSystem).scheduler(scheduler).mergeOperator(operator).compactionFilter(filter).build()
    }
}

/** Marks Cairn's configuration and write DSLs, so an inner block cannot reach an outer receiver. */
@DslMarker
public annotation class CairnDsl

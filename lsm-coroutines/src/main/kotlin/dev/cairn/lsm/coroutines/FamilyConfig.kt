// The receiver of Store.family's and StoreFamily.setOptions' blocks: the options of one column
// family, as properties named like ColumnFamilyOptions.Builder's setters. Not thread-safe; used
// once, while the block runs.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.ColumnFamilyOptions
import dev.cairn.lsm.CompactionFilter
import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.Compression
import dev.cairn.lsm.MergeOperator
import dev.cairn.lsm.coroutines.internal.merge.DecodedMerge
import java.time.Duration
import kotlin.properties.ReadWriteProperty
import kotlin.reflect.KProperty
import kotlinx.serialization.BinaryFormat
import kotlinx.serialization.KSerializer
import kotlinx.serialization.serializer

/**
 * The options of one column family ([StoreFamily]). A property left null is not set: a new family
 * takes the store's value ([StoreConfig]), an existing one keeps its own. Each assignment is
 * checked at once, with [ColumnFamilyOptions.Builder]'s message:
 *
 * ```
 * val events = store.family("events") {
 *     compaction = CompactionStrategy.timeWindow(Duration.ofHours(1))
 *     ttl = Duration.ofDays(7)
 * }
 * val counters = store.family("counters") { merge(Merge<Long> { a, b -> a + b }) }
 * ```
 *
 * The engine keeps the options that are data in its manifest (strategy, TTL, memtable size, bloom
 * bits, block size, compression), so a reopened store's families keep them. Code is not kept: a
 * [mergeOperator], a typed [merge] and a [compactionFilter] must be given again each time the
 * store is opened (`store.family("counters") { merge(...) }` after every open), before merges are
 * written to the family or its keys holding operands are read.
 */
@CairnDsl
public class FamilyConfig internal constructor(private val familyName: String) {
    /** Whether the block set anything at all. */
    internal var anySet: Boolean = false
        private set

    /** Whether the block gave a typed [merge] (a typed map in the family may then merge). */
    internal val typedMerge: Boolean get() = mergeOperator is DecodedMerge<*>

    /** Bytes a memtable of this family may hold before it is frozen and flushed (4 KiB to 1 GiB), or null. */
    public var memtableSizeBytes: Long? by option<Long> { ColumnFamilyOptions.builder().memtableSizeBytes(it) }

    /** The family's compaction strategy (for example [CompactionStrategy.timeWindow]), or null. */
    public var compaction: CompactionStrategy? by option<CompactionStrategy> { ColumnFamilyOptions.builder().compaction(it) }

    /** Bloom filter bits per key of the family's tables, 0 (no filter) to 32, or null. */
    public var bloomBitsPerKey: Int? by option<Int> { ColumnFamilyOptions.builder().bloomBitsPerKey(it) }

    /** Target size of the family's table data blocks (256 bytes to 1 MiB), or null. */
    public var blockSize: Int? by option<Int> { ColumnFamilyOptions.builder().blockSize(it) }

    /** Compression of the family's table data blocks, or null. */
    public var compression: Compression? by option<Compression> { ColumnFamilyOptions.builder().compression(it) }

    /** How long the family's entries live (positive); older entries read as absent. Null: not set. */
    public var ttl: Duration? by option<Duration> { ColumnFamilyOptions.builder().ttl(it) }

    /**
     * The family's raw merge operator, or null; a typed [merge] sets it too. Not persisted: give it
     * again after each open.
     */
    public var mergeOperator: MergeOperator? by option<MergeOperator> { ColumnFamilyOptions.builder().mergeOperator(it) }

    private var filter: CompactionFilter? = null

    /**
     * Gives the family a typed [Merge] for the values of the typed map stored in it
     * (`store.map<K, V>(name, family = thisFamily)`), so `map.merge(key, operand)` may be used. The
     * map must use the same value serializer and [valueFormat]. Not persisted: give it again after
     * each open.
     */
    public inline fun <reified V> merge(merge: Merge<V>, valueFormat: BinaryFormat = CompactValueFormat) {
        merge(serializer<V>(), merge, valueFormat)
    }

    /** Gives the family a typed [Merge] with an explicit serializer; see the reified overload. */
    public fun <V> merge(serializer: KSerializer<V>, merge: Merge<V>, valueFormat: BinaryFormat = CompactValueFormat) {
        mergeOperator = DecodedMerge("family '$familyName'", serializer, valueFormat, merge)
    }

    /**
     * Keeps, removes or changes the family's values as compactions rewrite them; see
     * [CompactionFilter]. Keys are the family's own (a typed map in a family stores its keys
     * without a prefix). Not persisted: give it again after each open.
     */
    public fun compactionFilter(filter: (CompactionFilter.Entry) -> CompactionFilter.Decision) {
        this.filter = CompactionFilter { filter(it) }
        anySet = true
    }

    internal fun toOptions(): ColumnFamilyOptions {
        val b = ColumnFamilyOptions.builder()
        memtableSizeBytes?.let { b.memtableSizeBytes(it) }
        compaction?.let { b.compaction(it) }
        bloomBitsPerKey?.let { b.bloomBitsPerKey(it) }
        blockSize?.let { b.blockSize(it) }
        compression?.let { b.compression(it) }
        ttl?.let { b.ttl(it) }
        mergeOperator?.let { b.mergeOperator(it) }
        filter?.let { b.compactionFilter(it) }
        return b.build()
    }

    /**
     * A nullable property whose non-null assignments go through [check] (a builder setter, which
     * refuses a bad value with its own message) before they are kept; reads return the last value.
     */
    private inner class CheckedOption<T : Any>(private val check: (T) -> Any?) : ReadWriteProperty<Any?, T?> {
        private var value: T? = null

        override fun getValue(thisRef: Any?, property: KProperty<*>): T? = value

        override fun setValue(thisRef: Any?, property: KProperty<*>, value: T?) {
            if (value != null) check(value)
            this.value = value
            if (value != null) anySet = true
        }
    }

    private fun <T : Any> option(check: (T) -> Any?): ReadWriteProperty<Any?, T?> = CheckedOption(check)
}

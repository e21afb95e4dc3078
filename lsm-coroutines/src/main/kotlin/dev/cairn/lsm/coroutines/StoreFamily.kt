// One column family of a Store, for coroutines: the family's reads, writes, scans, observation,
// history, flushes, compactions, statistics and options. A thin handle over the engine's ColumnFamily and
// the Store's parts (lifecycle, write path, scan and observation flows). Thread-safe.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.CompactionAdvice
import dev.cairn.lsm.ColumnFamily
import dev.cairn.lsm.IncompleteReadException
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreStats
import dev.cairn.lsm.Version
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.coroutines.internal.store.ByteKeys
import dev.cairn.lsm.coroutines.internal.store.FamilyState
import dev.cairn.lsm.coroutines.internal.store.MEMORY_ONLY
import dev.cairn.lsm.coroutines.internal.store.ScanRange
import dev.cairn.lsm.coroutines.internal.store.historyFlow
import dev.cairn.lsm.coroutines.internal.store.scanFlow
import dev.cairn.lsm.coroutines.internal.store.watchName
import java.time.Instant
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow

/**
 * A column family of a [Store]: a named keyspace with its own memtables, tables, compaction
 * strategy, TTL, merge operator and compaction filter, sharing the store's write-ahead log, so a
 * [Store.write] spanning families is atomic and a snapshot reads them all at one instant. Get one
 * with [Store.family] (which creates it when absent) or [Store.families].
 *
 * Keys here are the family's own: the same key in two families (or in a family and the default
 * keyspace) are two keys. Observers of this family ([observe], [observeRange]) wake only for
 * writes to it. After [drop] every call on this handle throws [IllegalArgumentException].
 *
 * Inside [Store.transaction] a family is read and written through the transaction
 * (`tx.get(family, key)`, `tx.put(family, key, value)`, `tx.entries(family)`, ...), atomically with
 * everything else the block writes; [history] lists a key's retained versions in the family.
 *
 * ```
 * val events = store.family("events") { ttl = Duration.ofDays(7) }
 * events.put(key, value)
 * events.scan().collect { e -> ... }
 * ```
 *
 * @property store the store this family belongs to
 */
public class StoreFamily internal constructor(
    public val store: Store,
    internal val handle: ColumnFamily,
) {
    internal val state: FamilyState = store.familyRegistry.state(handle)

    /** This family's name as observers know it: null for the default family. */
    internal val watchName: String? = handle.watchName()

    /** The family's name, unique within its store. */
    public val name: String get() = handle.name()

    /** Whether this is the store's default family (the keyspace of raw keys and prefix maps). */
    public val isDefault: Boolean get() = name == ColumnFamily.DEFAULT_NAME

    /** Refuses a handle of another store, or of a dropped family, before anything is written. */
    internal fun requireUsableIn(other: Store) {
        require(other === store) { "column family '$name' belongs to $store, not to $other: a batch cannot span stores" }
        requireLive()
    }

    internal fun requireLive() {
        require(!state.dropped) { "column family '$name' was dropped; its handle can no longer be used" }
        store.lifecycle.checkOpen()
    }

    // ---- writes ----

    /** Stores [value] under [key] in this family. */
    public suspend fun put(key: ByteArray, value: ByteArray, options: WriteOptions = WriteOptions.defaults()) {
        store.write(options) { put(this@StoreFamily, key, value) }
    }

    /** Removes [key] from this family; removing an absent key is not an error. */
    public suspend fun delete(key: ByteArray, options: WriteOptions = WriteOptions.defaults()) {
        store.write(options) { delete(this@StoreFamily, key) }
    }

    /** Removes every key in `[from, to)` of this family. */
    public suspend fun deleteRange(from: ByteArray, to: ByteArray, options: WriteOptions = WriteOptions.defaults()) {
        store.write(options) { deleteRange(this@StoreFamily, from, to) }
    }

    /**
     * Records a merge operand for [key]; the family's merge operator ([FamilyConfig.mergeOperator],
     * given again after each open) folds it in when the key is read or compacted.
     *
     * @throws IllegalArgumentException if the family has no merge operator (nothing is written)
     */
    public suspend fun merge(key: ByteArray, operand: ByteArray, options: WriteOptions = WriteOptions.defaults()) {
        store.write(options) { merge(this@StoreFamily, key, operand) }
    }

    // ---- reads ----

    /**
     * @return the value of [key] in this family, or null when absent; answered on the caller's
     *     thread when it is in memory, else read on `Dispatchers.IO`
     */
    public suspend fun get(key: ByteArray): ByteArray? {
        requireLive()
        try {
            return store.lifecycle.db.get(handle, key, MEMORY_ONLY)
        } catch (e: IncompleteReadException) {
            // The answer needs the disk.
        }
        return store.lifecycle.onIo { db -> db.get(handle, key) }
    }

    /** @return whether [key] has a value in this family; also `key in family` */
    public suspend operator fun contains(key: ByteArray): Boolean = get(key) != null

    /**
     * A cold Flow of this family's entries with keys in `[from, to)` (null: unbounded), in key
     * order or reversed; each collection reads one snapshot, like [Store.scan].
     */
    public fun scan(from: ByteArray? = null, to: ByteArray? = null, reverse: Boolean = false): Flow<Entry> {
        val db = store.lifecycle.db
        return scanFlow(db, ScanRange(from, to, reverse), check = ::requireLive) { options -> db.newCursor(handle, options) }
    }

    /** A cold Flow of this family's entries whose keys start with [prefix]; see [scan]. */
    public fun scanPrefix(prefix: ByteArray, reverse: Boolean = false): Flow<Entry> =
        scan(prefix, ByteKeys.prefixEnd(prefix), reverse)

    /**
     * The value of [key] in this family now, then after each committed write to this family that
     * changes it; conflated and distinct, like [Store.observe]. Writes to other families never wake it.
     */
    public fun observe(key: ByteArray): Flow<ByteArray?> = store.observations.key(key, handle)

    /** This family's entries in `[from, to)` now, then after each write to this family touching them; see [Store.observeRange]. */
    public fun observeRange(from: ByteArray? = null, to: ByteArray? = null): Flow<List<Entry>> =
        store.observations.range(from, to, handle)

    /**
     * @return the value [key] had in this family at [instant] (null: absent then); the instant must
     *     lie inside the window of [StoreConfig.retainVersions], see [Store.getAsOf]
     */
    public suspend fun getAsOf(key: ByteArray, instant: Instant): ByteArray? {
        requireLive()
        val options = ReadOptions.asOf(instant)
        return store.lifecycle.onIo { db -> db.get(handle, key, options) }
    }

    /**
     * A cold Flow of the retained versions of [key] in this family, newest first: see
     * [Store.history] (the window of [StoreConfig.retainVersions] is the store's, for every family).
     */
    public fun history(key: ByteArray): Flow<Version> = flow {
        requireLive()
        emitAll(store.lifecycle.onIo { db -> db.historyOf(handle, key) }.asFlow())
    }

    /**
     * A cold Flow of the retained versions of this family's keys in `[from, to)` (null: unbounded),
     * keys ascending, each key's newest first, read lazily; see [Store.history] with a range.
     */
    public fun history(from: ByteArray?, to: ByteArray?): Flow<Version> =
        historyFlow({ store.lifecycle.db }, ::requireLive) { db -> db.historyStream(handle, from, to) }

    // ---- upkeep ----

    /** Writes this family's memtables to tables and suspends until they are durable. */
    public suspend fun flush() {
        requireLive()
        store.lifecycle.onIo { db -> db.flush(handle) }
    }

    /** Compacts this family's keys in `[from, to)` (null: unbounded); suspends until done. */
    public suspend fun compactRange(from: ByteArray? = null, to: ByteArray? = null) {
        requireLive()
        store.lifecycle.onIo { db -> db.compactRange(handle, from, to) }
    }

    /** @return this family's figures (levels, tables, memtables, pending compaction); store-wide counters are the store's */
    public suspend fun stats(): StoreStats {
        requireLive()
        return store.lifecycle.onIo { db -> db.stats(handle) }
    }

    /**
     * The compaction advisor's answer for this family: from the workload measured since the
     * store opened (writes, reads, scans, overwrites, key ages, TTL) a suggested strategy, with
     * the predicted write, read and space amplification of each strategy and the measurements it
     * used (`toString()` prints them as a table). Apply it with [setOptions].
     *
     * @throws IllegalArgumentException if the family was dropped
     */
    public suspend fun compactionAdvice(): CompactionAdvice {
        requireLive()
        return store.lifecycle.onIo { db -> db.compactionAdvice(handle) }
    }

    /**
     * Changes this family's options, durably (the values that are data; see [FamilyConfig]):
     * only what [configure] sets changes, the rest is kept. A new compaction strategy takes over
     * the tree as it is; a TTL applies to reads at once.
     *
     * @throws IllegalArgumentException if a value is bad or the family was dropped
     */
    public suspend fun setOptions(configure: FamilyConfig.() -> Unit) {
        val config = FamilyConfig(name).apply(configure)
        requireLive()
        if (!config.anySet) return
        val options = config.toOptions()
        store.lifecycle.onIo { db -> db.setOptions(handle, options) }
        if (config.mergeOperator != null) state.typedMerge = config.typedMerge
    }

    /**
     * Drops this family: atomically and durably its data is gone and its files are deleted (at
     * once, or when the last scan reading them ends). This handle, and any typed map in the
     * family, is refused from then on. Same as [Store.dropFamily].
     *
     * @throws IllegalArgumentException for the default family, or one already dropped
     */
    public suspend fun drop() {
        require(!isDefault) { "the default column family cannot be dropped" }
        requireLive()
        store.lifecycle.onIo { db -> db.dropColumnFamily(handle) }
        state.dropped = true
    }

    /** Binds typed map [mapName] to this family: one map per family per store. */
    internal fun bindMap(mapName: String) {
        require(!isDefault) {
            "typed map '$mapName' cannot live in the default column family: without family = ... it is a prefix map there already"
        }
        val bound = state.mapName.compareAndExchange(null, mapName)
        require(bound == null || bound == mapName) {
            "column family '$name' already holds typed map '$bound': a family holds one typed map (its keys carry no " +
                "map prefix); give map '$mapName' a family of its own, or make it a prefix map (no family)"
        }
    }

    /** @return whether [other] is a handle of the same family of the same store */
    override fun equals(other: Any?): Boolean = other is StoreFamily && other.handle === handle

    /** @return a hash of the engine handle */
    override fun hashCode(): Int = System.identityHashCode(handle)

    /** @return "StoreFamily(name)" */
    override fun toString(): String = "StoreFamily($name${if (state.dropped) ", dropped" else ""})"
}

// The Kotlin face of a Cairn store: suspend calls, cold Flow scans, observation, typed maps and
// values, and a coroutine scope that owns the background work. Thread-safe: every member may
// be called from any coroutine, concurrently. Each concern lives in its own part under
// internal.store (StoreLifecycle, WritePath, PointReads, scanFlow, ObservationFlows); this class
// is the public API over them and holds no state of its own beyond those parts.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreClosedException
import dev.cairn.lsm.StoreStats
import dev.cairn.lsm.Version
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.coroutines.internal.store.BatchedResumer
import dev.cairn.lsm.coroutines.internal.store.ByteKeys
import dev.cairn.lsm.coroutines.internal.store.DecodedScanCache
import dev.cairn.lsm.coroutines.internal.store.FamilyRegistry
import dev.cairn.lsm.coroutines.internal.store.ObservationFlows
import dev.cairn.lsm.coroutines.internal.store.ObserverRegistry
import dev.cairn.lsm.coroutines.internal.store.PointReads
import dev.cairn.lsm.coroutines.internal.store.ScanRange
import dev.cairn.lsm.coroutines.internal.store.StoreLifecycle
import dev.cairn.lsm.coroutines.internal.store.UpdateLocks
import dev.cairn.lsm.coroutines.internal.store.WritePath
import dev.cairn.lsm.coroutines.internal.store.historyFlow
import dev.cairn.lsm.coroutines.internal.store.scanFlow
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.serialization.BinaryFormat
import kotlinx.serialization.KSerializer
import kotlinx.serialization.serializer
import java.time.Instant
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toOkioPath

/**
 * An open Cairn store for coroutines: an ordered, persistent map from byte-array keys to
 * byte-array values, plus typed maps ([map]) and typed single values ([value]) on top of it.
 *
 * - Writes ([put], [delete], [deleteRange], [write]) suspend until the group commit that
 *   carries them is acknowledged, without parking a thread.
 * - Reads ([get], [scan], [observe], ...) do their blocking I/O on `Dispatchers.IO`.
 * - Background flush and compaction run as child coroutines of [scope], on a view of
 *   `Dispatchers.IO` limited to `backgroundThreads` jobs at once.
 * - [close] (or cancelling the parent scope given to [open]) stops new work, lets running jobs
 *   stop at a block boundary, syncs the log and releases the directory lock; afterwards every
 *   call throws [StoreClosedException].
 *
 * Keys whose first byte is 0x00 are reserved for typed maps and values; keep raw keys out of
 * that space.
 *
 * ```
 * Store.open(dir, parentScope) { compaction = CompactionStrategy.leveled() }.use { store ->
 *     store.put(key, value)
 *     val users = store.map<UserId, User>("users")
 *     users.update(UserId(7)) { it?.copy(name = "Ada L.") }
 * }
 * ```
 */
public class Store private constructor(
    internal val lifecycle: StoreLifecycle,
    private val observers: ObserverRegistry,
    /** The directory the store lives in. */
    public val directory: Path,
    /** The typed maps given a [Merge] when the store was opened. */
    internal val mergedMaps: Set<String> = emptySet(),
    /** Whole typed-map scans kept decoded; see [StoreConfig.typedMapCacheBytes]. */
    internal val scanCache: DecodedScanCache = DecodedScanCache(0),
) {
    /**
     * The store's scope: a [kotlinx.coroutines.SupervisorJob] (child of the parent scope's job,
     * when one was given) on a bounded IO dispatcher. Background jobs are its children; it is
     * cancelled by [close]. Launching your own work in it ties that work to the store's lifetime.
     */
    public val scope: CoroutineScope get() = lifecycle.scope

    private val db: LsmStore get() = lifecycle.db
    private val resumer = BatchedResumer()
    private val writes = WritePath(lifecycle.db, observers, resumer, scanCache)
    private val reads = PointReads(lifecycle.db, resumer)
    internal val observations = ObservationFlows(lifecycle.db, observers, lifecycle)
    internal val updateLocks = UpdateLocks()
    internal val familyRegistry = FamilyRegistry()

    /** Ways to open a store. */
    public companion object {
        /**
         * Opens (creating if needed) the store in [dir]. Recovery runs on `Dispatchers.IO`, not on
         * the caller's thread.
         *
         * @param dir the store directory
         * @param parentScope when given, the store's [scope] is a child of its job, and
         *     cancelling it closes the store
         * @param fileSystem where the store lives; tests pass a FakeFileSystem
         * @param configure sets options, see [StoreConfig]
         * @throws dev.cairn.lsm.StoreLockedException if the directory is already open
         * @throws dev.cairn.lsm.CorruptionException if the stored state is damaged beyond the recovery mode
         */
        public suspend fun open(
            dir: Path,
            parentScope: CoroutineScope? = null,
            fileSystem: FileSystem = FileSystem.SYSTEM,
            configure: StoreConfig.() -> Unit = {},
        ): Store = open(dir, parentScope, fileSystem, configure) { d, options -> LsmStore.open(d, options) }

        /**
         * Opens (creating if needed) the store in [dir] on the default file system.
         *
         * @param dir the store directory
         * @param parentScope when given, cancelling it closes the store
         * @param configure sets options, see [StoreConfig]
         */
        public suspend fun open(
            dir: java.nio.file.Path,
            parentScope: CoroutineScope? = null,
            configure: StoreConfig.() -> Unit = {},
        ): Store = open(dir.toAbsolutePath().toOkioPath(), parentScope, FileSystem.SYSTEM, configure)

        /** Opens with [opener] standing in for [LsmStore.open]; tests use it to wrap the engine. */
        internal suspend fun open(
            dir: Path,
            parentScope: CoroutineScope?,
            fileSystem: FileSystem,
            configure: StoreConfig.() -> Unit,
            opener: (Path, dev.cairn.lsm.StoreOptions) -> LsmStore,
        ): Store {
            val config = StoreConfig().apply(configure)
            val observers = ObserverRegistry()
            val lifecycle = StoreLifecycle.open(dir, parentScope, config.backgroundThreads, observers::closeAll) { scheduler ->
                opener(dir, config.toOptions(fileSystem, scheduler))
            }
            return Store(lifecycle, observers, dir, config.mergedMaps.toSet(), DecodedScanCache(config.scanCacheBudget()))
        }
    }

    /** @return true once [close] was called or the parent scope was cancelled */
    public val isClosed: Boolean get() = lifecycle.isClosed

    private fun checkOpen() {
        lifecycle.checkOpen()
    }

    /**
     * Closes the store: no new work is accepted, running background jobs are asked to stop at
     * their next block boundary, the log is synced and the directory lock released; then [scope] is
     * cancelled and joined (only cancelled when [close] is called from a coroutine of [scope]
     * itself). Idempotent; a second caller waits for the first to finish. Runs to the end even
     * when the calling coroutine is cancelled.
     */
    public suspend fun close() {
        lifecycle.close()
    }

    /**
     * Runs [block] with this store and closes it afterwards, whether [block] returned or threw
     * (a failure to close is then added to the block's exception as suppressed).
     *
     * @return what [block] returned
     */
    public suspend inline fun <R> use(block: (Store) -> R): R {
        var failure: Throwable? = null
        try {
            return block(this)
        } catch (e: Throwable) {
            failure = e
            throw e
        } finally {
            if (failure == null) {
                close()
            } else {
                try {
                    close()
                } catch (closeFailure: Throwable) {
                    failure.addSuppressed(closeFailure)
                }
            }
        }
    }

    // ---- writes ----

    /**
     * Stores [value] under [key].
     *
     * @param options durability of this write; the store's default unless given
     */
    public suspend fun put(key: ByteArray, value: ByteArray, options: WriteOptions = WriteOptions.defaults()) {
        write(options) { put(key, value) }
    }

    /** Removes [key]; removing an absent key is not an error. */
    public suspend fun delete(key: ByteArray, options: WriteOptions = WriteOptions.defaults()) {
        write(options) { delete(key) }
    }

    /** Removes every key in `[from, to)`. */
    public suspend fun deleteRange(from: ByteArray, to: ByteArray, options: WriteOptions = WriteOptions.defaults()) {
        write(options) { deleteRange(from, to) }
    }

    /**
     * Records a merge operand for raw [key]; the store's [StoreConfig.mergeOperator] folds it into
     * the value when the key is read or compacted.
     *
     * @throws IllegalArgumentException if the store has no merge operator (nothing is written)
     */
    public suspend fun merge(key: ByteArray, operand: ByteArray, options: WriteOptions = WriteOptions.defaults()) {
        write(options) { merge(key, operand) }
    }

    /**
     * Applies the writes [block] describes as one atomic batch: after a crash all of it is there
     * or none of it. Typed maps of this store take part as `users[id] = user` and
     * `users.remove(id)`. Suspends until the batch is acknowledged.
     *
     * @param options durability of the batch
     * @throws IllegalArgumentException if an argument is bad (nothing is written then)
     */
    public suspend fun write(options: WriteOptions = WriteOptions.defaults(), block: WriteScope.() -> Unit) {
        checkOpen()
        val batch = WriteScope(this).apply(block)
        checkOpen() // again: the block may have run while the store was closed
        writes.commit(batch.batch, batch.touched, options)
    }

    /** Begins an engine transaction for [transaction]; checked open first. */
    internal fun beginTransaction(options: dev.cairn.lsm.TransactionOptions): dev.cairn.lsm.Transaction {
        checkOpen()
        return db.beginTransaction(options)
    }

    /** Tells observers about a committed transaction's writes. */
    internal fun notifyCommitted(touched: dev.cairn.lsm.coroutines.internal.store.TouchedKeys) {
        observers.notify(touched)
    }

    // ---- reads ----

    /**
     * @return the value of [key], or null when absent. Answered on the caller's thread when the
     *     answer is in memory (the memtables, the block cache, or table pages the OS holds in its
     *     page cache); only a read that needs the disk moves to `Dispatchers.IO` (where a few
     *     tasks serve every such read waiting, one after another).
     */
    public suspend fun get(key: ByteArray): ByteArray? {
        checkOpen()
        return reads.get(key)
    }

    /** @return whether [key] has a value; also `key in store` */
    public suspend operator fun contains(key: ByteArray): Boolean = get(key) != null

    /**
     * A cold Flow of the entries with keys in `[from, to)` (null: unbounded), in key order, or in
     * reverse order when [reverse]. Each collection reads one snapshot through its own cursors,
     * which are closed when the collection completes, fails or is cancelled. Entries come from
     * memory on the collector's thread while they are there (memtables, the block cache, table
     * pages in the OS page cache); from the first that needs a file on, the rest are read on
     * `Dispatchers.IO`.
     * Collecting after [close] fails with [StoreClosedException].
     */
    public fun scan(from: ByteArray? = null, to: ByteArray? = null, reverse: Boolean = false): Flow<Entry> =
        scanFlow(db, ScanRange(from, to, reverse), check = ::checkOpen)

    /** A cold Flow of the entries whose keys start with [prefix]; see [scan]. */
    public fun scanPrefix(prefix: ByteArray, reverse: Boolean = false): Flow<Entry> =
        scan(prefix, ByteKeys.prefixEnd(prefix), reverse)

    /**
     * The value of [key] now, then after each committed write that changes it (null: absent).
     * Conflated and distinct: a slow collector sees the latest value, never the same value
     * twice in a row, and never slows writers. Completes when the store closes. Costs nothing
     * while no one collects.
     */
    public fun observe(key: ByteArray): Flow<ByteArray?> = observations.key(key)

    /**
     * The entries in `[from, to)` (null: unbounded) now, then again after each committed write
     * that touches the range. Conflated and distinct, like [observe].
     */
    public fun observeRange(from: ByteArray? = null, to: ByteArray? = null): Flow<List<Entry>> =
        observations.range(from, to)

    /**
     * @return the value [key] had at [instant] (null: absent then), read as the store was at that
     *     instant; it must lie inside the window of [StoreConfig.retainVersions], or the read
     *     fails with an [IllegalArgumentException] naming the window
     */
    public suspend fun getAsOf(key: ByteArray, instant: Instant): ByteArray? {
        checkOpen()
        val options = ReadOptions.asOf(instant)
        return lifecycle.onIo { db -> db.get(key, options) }
    }

    /**
     * A cold Flow of the retained versions of [key], newest first: each value and deletion
     * committed inside the window of `StoreOptions.builder().retainVersions(window)`, with its
     * commit [Version.timestamp], then the value the key held when the window began. Each
     * collection reads the store once, on `Dispatchers.IO`. Fails with an
     * [IllegalArgumentException] when the store does not retain versions.
     *
     * ```
     * store.history(key).collect { v -> println("${v.timestamp()}: ${v.value()?.decodeToString() ?: "deleted"}") }
     * ```
     */
    public fun history(key: ByteArray): Flow<Version> = flow {
        checkOpen()
        emitAll(lifecycle.onIo { db -> db.history(key) }.asFlow())
    }

    /**
     * A cold Flow of the retained versions of every key in `[from, to)` (null: unbounded), keys
     * ascending, each key's versions newest first; see the one-key [history]. Read lazily on
     * `Dispatchers.IO` as the collector asks (one key's versions at a time, a few versions
     * ahead), so `take(n)` of a long history reads little and memory stays small; the store's
     * view is released when the collection ends.
     */
    public fun history(from: ByteArray?, to: ByteArray?): Flow<Version> =
        historyFlow({ db }, ::checkOpen) { db -> db.historyStream(from, to) }

    /** Writes the memtable to a table and suspends until it is durable. */
    public suspend fun flush() {
        lifecycle.onIo { db -> db.flush() }
    }

    /**
     * Compacts the tables overlapping `[from, to)` (null: unbounded); `compactRange()` compacts
     * everything. Suspends until done.
     */
    public suspend fun compactRange(from: ByteArray? = null, to: ByteArray? = null) {
        lifecycle.onIo { db -> db.compactRange(from, to) }
    }

    /** @return a summary of the store's state and work */
    public suspend fun stats(): StoreStats = lifecycle.onIo { db -> db.stats() }

    /** Clears a background error after its cause is gone and retries the failed work. */
    public suspend fun resume() {
        lifecycle.onIo { db -> db.resume() }
    }

    // ---- typed data ----

    /**
     * A typed map named [name], with keys in the order-preserving [OrderedKeyFormat] and values
     * in [valueFormat]. Maps of different names never see each other's entries. Cheap; call it
     * as often as convenient.
     *
     * Without [family] the map is a prefix map: its keys carry a prefix of its name in the default
     * keyspace (zero setup; fits many small maps). With [family] (see [Store.family]) the map is
     * that family's keyspace, keys without prefix: it gets the family's own compaction strategy,
     * TTL, typed merge and compaction filter, dropping the family frees its files at once, and its
     * scans never cross other maps' tables. A family holds one map: a second map name on the same
     * family of this store throws [IllegalArgumentException]. Both kinds take part in
     * [Store.transaction] and have a history.
     */
    public inline fun <reified K, reified V> map(
        name: String,
        valueFormat: BinaryFormat = CompactValueFormat,
        family: StoreFamily? = null,
    ): TypedMap<K, V> = map(name, serializer<K>(), serializer<V>(), valueFormat, OrderedKeyFormat, family)

    /** A typed map named [name] with explicit serializers; see the reified overload. */
    public fun <K, V> map(
        name: String,
        keySerializer: KSerializer<K>,
        valueSerializer: KSerializer<V>,
        valueFormat: BinaryFormat = CompactValueFormat,
        keyFormat: OrderedKeyFormat = OrderedKeyFormat,
        family: StoreFamily? = null,
    ): TypedMap<K, V> {
        family?.requireUsableIn(this)
        family?.bindMap(name)
        return TypedMap(this, name, keySerializer, valueSerializer, keyFormat, valueFormat, family)
    }

    /**
     * A single typed value named [name] (DataStore style): [default] until first written.
     *
     * @param corruptionHandler what to do with stored bytes that no longer decode
     * @param format the value's binary format
     */
    public inline fun <reified T> value(
        name: String,
        default: T,
        corruptionHandler: CorruptionHandler<T> = CorruptionHandler.throwing(),
        format: BinaryFormat = CompactValueFormat,
    ): TypedValue<T> = value(name, default, serializer<T>(), corruptionHandler, format)

    /** A single typed value with an explicit serializer; see the reified overload. */
    public fun <T> value(
        name: String,
        default: T,
        serializer: KSerializer<T>,
        corruptionHandler: CorruptionHandler<T> = CorruptionHandler.throwing(),
        format: BinaryFormat = CompactValueFormat,
    ): TypedValue<T> = TypedValue(this, name, default, serializer, corruptionHandler, format)

    // ---- column families ----

    /**
     * Returns the column family named [name], creating it with the options [configure] sets when the
     * store has none of that name (durable when this returns). When it exists and [configure] set
     * something, those values are applied to it ([StoreFamily.setOptions]); values it leaves unset
     * keep the family's own.
     *
     * The engine persists the options that are data (compaction strategy, TTL, memtable size, bloom
     * bits, block size, compression): a reopened store's families keep them. Code hooks are not
     * persisted: pass a family's merge operator, typed [FamilyConfig.merge] and compaction filter
     * again each time the store is opened, before its merges are written or read:
     *
     * ```
     * val events = store.family("events") {
     *     compaction = CompactionStrategy.timeWindow(Duration.ofHours(1))
     *     ttl = Duration.ofDays(7)
     * }
     * val countersFamily = store.family("counters") { merge(Merge<Long> { a, b -> a + b }) } // after every open
     * val counters = store.map<String, Long>("counters", family = countersFamily)
     * ```
     *
     * @param name 1 to 255 characters, none a control character; [dev.cairn.lsm.ColumnFamily.DEFAULT_NAME] is the default family
     * @throws IllegalArgumentException if the name or an option is bad (nothing is created)
     */
    public suspend fun family(name: String, configure: FamilyConfig.() -> Unit = {}): StoreFamily =
        openFamily(name, configure)

    /** @return the store's live column families: the default family first, then by creation */
    public suspend fun families(): List<StoreFamily> = listFamilies()

    /**
     * Drops [family]: its data is gone and its files deleted, atomically and durably; see [StoreFamily.drop].
     *
     * @throws IllegalArgumentException for the default family, a dropped one, or one of another store
     */
    public suspend fun dropFamily(family: StoreFamily) {
        family.requireUsableIn(this)
        family.drop()
    }

    /** @return "Store(directory)" */
    override fun toString(): String = "Store($directory${if (isClosed) ", closed" else ""})"
}

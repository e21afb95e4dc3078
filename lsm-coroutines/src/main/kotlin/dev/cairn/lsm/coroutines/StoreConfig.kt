// The receiver of Store.open's configuration block. Not thread-safe; used once, during open.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.BackgroundScheduler
import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.Compression
import dev.cairn.lsm.Encryption
import dev.cairn.lsm.EventListener
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WalRecoveryMode
import java.time.Clock
import java.time.Duration
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
    public var memtableSizeBytes: Long = defaults.memtableSizeBytes()
        set(value) { builder.memtableSizeBytes(value); field = value }

    /** The compaction strategy. */
    public var compaction: CompactionStrategy = defaults.compaction()
        set(value) { builder.compaction(value); field = value }

    /** Whether writes fsync before they are acknowledged, unless a write says otherwise. */
    public var syncWrites: Boolean = defaults.syncWrites()
        set(value) { builder.syncWrites(value); field = value }

    /** Target size of a table data block before compression (256 bytes to 1 MiB). */
    public var blockSize: Int = defaults.blockSize()
        set(value) { builder.blockSize(value); field = value }

    /** Bloom filter bits per key, 0 (no filter) to 32. */
    public var bloomBitsPerKey: Int = defaults.bloomBitsPerKey()
        set(value) { builder.bloomBitsPerKey(value); field = value }

    /** Block cache capacity in bytes; 0 disables the cache. */
    public var blockCacheBytes: Long = defaults.blockCacheBytes()
        set(value) { builder.blockCacheBytes(value); field = value }

    /** Compression of table data blocks. */
    public var compression: Compression = defaults.compression()
        set(value) { builder.compression(value); field = value }

    /**
     * Encryption of the store's files at rest ([Encryption.aesGcm]), or null for none. A store
     * opens only with the setting it was created with.
     */
    public var encryption: Encryption? = defaults.encryption()
        set(value) { builder.encryption(value); field = value }

    /** What recovery does with a damaged write-ahead log. */
    public var walRecovery: WalRecoveryMode = defaults.walRecovery()
        set(value) { builder.walRecovery(value); field = value }

    /**
     * How many background jobs (flush, compaction) may run at once (1 to 64): the parallelism
     * of the store's bounded view of `Dispatchers.IO`.
     */
    public var backgroundThreads: Int = defaults.backgroundThreads()
        set(value) { builder.backgroundThreads(value); field = value }

    /** Receives notice of flushes, compactions, stalls and background errors. */
    public var listener: EventListener = defaults.listener()
        set(value) { builder.listener(value); field = value }

    /** Time to live of entries, or null when entries never expire. */
    public var ttl: Duration? = defaults.ttl()
        set(value) { builder.ttl(value); field = value }

    /** The clock for write times and TTL. */
    public var clock: Clock = defaults.clock()
        set(value) { builder.clock(value); field = value }

    internal fun toOptions(fileSystem: FileSystem, scheduler: BackgroundScheduler): StoreOptions =
        builder.fileSystem(fileSystem).scheduler(scheduler).build()
}

/** Marks Cairn's configuration and write DSLs, so an inner block cannot reach an outer receiver. */
@DslMarker
public annotation class CairnDsl

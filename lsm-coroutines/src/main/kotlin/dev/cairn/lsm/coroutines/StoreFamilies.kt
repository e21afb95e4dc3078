// A Store's column families: find or create one with its options, list them, drop one. Stateless
// extensions over the engine's family methods and the Store's FamilyRegistry.
package dev.cairn.lsm.coroutines

import kotlinx.coroutines.sync.withLock

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
public suspend fun Store.family(name: String, configure: FamilyConfig.() -> Unit = {}): StoreFamily {
    val config = FamilyConfig(name).apply(configure)
    val options = config.toOptions()
    return familyRegistry.creation.withLock {
        val handle = lifecycle.onIo { db ->
            val existing = db.columnFamily(name)
            when {
                existing == null -> db.createColumnFamily(name, options)
                config.anySet -> existing.also { db.setOptions(it, options) }
                else -> existing
            }
        }
        val family = StoreFamily(this, handle)
        if (config.mergeOperator != null) family.state.typedMerge = config.typedMerge
        family
    }
}

/** @return the store's live column families: the default family first, then by creation */
public suspend fun Store.families(): List<StoreFamily> =
    lifecycle.onIo { db -> db.columnFamilies() }.map { StoreFamily(this, it) }

/**
 * Drops [family]: its data is gone and its files deleted, atomically and durably; see [StoreFamily.drop].
 *
 * @throws IllegalArgumentException for the default family, a dropped one, or one of another store
 */
public suspend fun Store.dropFamily(family: StoreFamily) {
    family.requireUsableIn(this)
    family.drop()
}

// The work behind a Store's column-family members (family, families): find or create a family with
// its options, list them. Stateless helpers over the engine's family methods and the Store's
// FamilyRegistry.
package dev.cairn.lsm.coroutines

import kotlinx.coroutines.sync.withLock

/** [Store.family]'s work: find, create or retune the family under the store's creation lock. */
internal suspend fun Store.openFamily(name: String, configure: FamilyConfig.() -> Unit): StoreFamily {
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

/** [Store.families]'s work: the engine's live families as Kotlin handles. */
internal suspend fun Store.listFamilies(): List<StoreFamily> =
    lifecycle.onIo { db -> db.columnFamilies() }.map { StoreFamily(this, it) }

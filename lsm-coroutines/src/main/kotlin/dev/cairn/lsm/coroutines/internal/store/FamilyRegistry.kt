// What a Store knows of its column families beyond the engine: the lock that makes "find or
// create" one step, and per live family handle whether a typed Merge was given in this session
// and which typed map (if any) it holds. Thread-safe.
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.ColumnFamily
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicReference
import kotlinx.coroutines.sync.Mutex

internal class FamilyRegistry {
    /** Held while a family is looked up and created or reconfigured, so two callers never race to create one name. */
    val creation = Mutex()

    /** By engine handle: handles are identities (a family dropped and created again has a new one). */
    private val states = ConcurrentHashMap<ColumnFamily, FamilyState>()

    /** @return the state of [handle], made on first use */
    fun state(handle: ColumnFamily): FamilyState = states.computeIfAbsent(handle) { FamilyState() }
}

/** One family's session state; see [FamilyRegistry]. */
internal class FamilyState {
    /** Whether a typed Merge was given to the family since the store was opened. */
    @Volatile
    var typedMerge: Boolean = false

    /** Whether the family was dropped through this store. */
    @Volatile
    var dropped: Boolean = false

    /** The name of the typed map stored in the family, or null. */
    val mapName = AtomicReference<String?>(null)
}

// The retained versions of a key range as a cold Flow read lazily: each collection opens one
// LsmStore.historyStream on Dispatchers.IO, emits versions as the walk reaches them (a small
// read-ahead buffer between the IO thread and the collector), and closes the walk when the
// collection ends, completes, fails or is cancelled (take(3) reads little of a long history).
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.Version
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn

/** How many versions the IO side may read ahead of the collector. */
private const val HISTORY_READ_AHEAD = 16

/**
 * @param db the store, read when the flow is collected
 * @param checkOpen throws when the Kotlin store is closed
 * @return the versions of `[from, to)` (null: unbounded), keys ascending, each newest first
 */
internal fun historyFlow(db: () -> LsmStore, checkOpen: () -> Unit, from: ByteArray?, to: ByteArray?): Flow<Version> = flow {
    checkOpen()
    db().historyStream(from, to).use { versions ->
        val walk = versions.iterator()
        while (walk.hasNext()) emit(walk.next())
    }
}.buffer(HISTORY_READ_AHEAD).flowOn(Dispatchers.IO)

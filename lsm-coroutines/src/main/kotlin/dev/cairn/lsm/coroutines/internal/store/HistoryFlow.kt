// The retained versions of a key range (of the default family or one column family) as a cold Flow
// read lazily: each collection opens one LsmStore.historyStream on Dispatchers.IO, emits versions as the walk reaches them (a small
// read-ahead buffer between the IO thread and the collector), and closes the walk when the
// collection ends, completes, fails or is cancelled (take(3) reads little of a long history).
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.Version
import java.util.stream.Stream
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn

/** How many versions the IO side may read ahead of the collector. */
private const val HISTORY_READ_AHEAD = 16

/**
 * @param db the store, read when the flow is collected
 * @param checkOpen throws when the Kotlin store (or family) is not usable
 * @param open opens the walk on the store: `historyStream(from, to)`, or a family's
 * @return the versions `open` walks, keys ascending, each newest first
 */
internal fun historyFlow(db: () -> LsmStore, checkOpen: () -> Unit, open: (LsmStore) -> Stream<Version>): Flow<Version> = flow {
    checkOpen()
    open(db()).use { versions ->
        val walk = versions.iterator()
        while (walk.hasNext()) emit(walk.next())
    }
}.buffer(HISTORY_READ_AHEAD).flowOn(Dispatchers.IO)

// A Store's observation flows: the value of a key, or the entries of a range, now and again after
// each committed write that may have changed it. Each collection registers its watch before its
// first read, so no commit falls between the two; reads run on Dispatchers.IO; a slow collector
// sees the latest state (conflated) and never slows writers. Flows complete when the store
// closes (ObserverRegistry.closeAll). A flow observes one column family (the default one unless
// given): writes to other families never wake it. Thread-safe: every collection has its own watch.
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.ColumnFamily
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.coroutines.Entry
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn

internal class ObservationFlows(
    private val db: LsmStore,
    private val observers: ObserverRegistry,
    private val lifecycle: StoreLifecycle,
) {
    /** The value of [key] (null: absent) of [family] (null: the default) now and after each change; distinct by content. */
    fun key(key: ByteArray, family: ColumnFamily? = null): Flow<ByteArray?> {
        val k = key.copyOf()
        return watching(Watch.key(k, family.watchName())) { if (family == null) db.get(k) else db.get(family, k) }
            .distinctUntilChanged { a, b -> a.contentEquals(b) }
    }

    /** The entries in `[from, to)` (null: unbounded) of [family] (null: the default) now and after each change; distinct. */
    fun range(from: ByteArray?, to: ByteArray?, family: ColumnFamily? = null): Flow<List<Entry>> {
        val f = from?.copyOf() ?: ByteArray(0)
        val t = to?.copyOf()
        return watching(Watch.range(f, t, family.watchName())) { readRange(f, t, family) }.distinctUntilChanged()
    }

    private fun readRange(from: ByteArray, to: ByteArray?, family: ColumnFamily?): List<Entry> {
        val cursor = if (family == null) db.newCursor() else db.newCursor(family, ReadOptions.defaults())
        return cursor.use { c ->
            val out = ArrayList<Entry>()
            ScanRange(from, to, reverse = false).walk(c, null, Int.MAX_VALUE) { out += it }
            out
        }
    }

    /** Registers [watch] first, then reads, so no commit can fall between the read and the watch. */
    private fun <T> watching(watch: Watch, read: () -> T): Flow<T> = flow {
        lifecycle.checkOpen()
        observers.register(watch)
        try {
            emit(read())
            for (signal in watch.signals) {
                if (lifecycle.isClosed) break
                emit(read())
            }
        } finally {
            observers.unregister(watch)
        }
    }.flowOn(Dispatchers.IO).conflate()
}

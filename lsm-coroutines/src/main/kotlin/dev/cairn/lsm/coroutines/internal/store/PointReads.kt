// A Store's point reads: answered on the caller's thread when the answer is in memory (the
// memtables, the block cache, or table pages the OS holds in its page cache); only a read that
// needs the disk moves to Dispatchers.IO, through DiskReads. Thread-safe: get may be called from
// any coroutine, concurrently.
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.LsmStore

internal class PointReads(private val db: LsmStore, resumer: BatchedResumer) {
    private val diskReads = DiskReads(db, resumer)

    /** @return the value of [key], or null when absent; from memory when it can, else from disk */
    suspend fun get(key: ByteArray): ByteArray? {
        val cached = db.getOrIncomplete(key, MEMORY_ONLY, NEEDS_IO)
        if (cached !== NEEDS_IO) {
            return cached
        }
        return diskReads.get(key)
    }
}

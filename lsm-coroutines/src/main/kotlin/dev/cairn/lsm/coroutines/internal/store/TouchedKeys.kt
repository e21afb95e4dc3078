// The keys and ranges one write batch touches, recorded while the batch is built so observers
// can be told after the commit. Built by one thread, then only read.
package dev.cairn.lsm.coroutines.internal.store

internal class TouchedKeys {
    private val keys = ArrayList<ByteArray>(2)
    private val rangeFrom = ArrayList<ByteArray>(0)
    private val rangeTo = ArrayList<ByteArray>(0)

    fun key(key: ByteArray) {
        keys += key
    }

    fun range(from: ByteArray, to: ByteArray) {
        rangeFrom += from
        rangeTo += to
    }

    /** Whether the batch may have changed what [watch] sees. */
    fun touches(watch: Watch): Boolean {
        for (k in keys) if (watch.covers(k)) return true
        for (i in rangeFrom.indices) if (watch.overlaps(rangeFrom[i], rangeTo[i])) return true
        return false
    }
}

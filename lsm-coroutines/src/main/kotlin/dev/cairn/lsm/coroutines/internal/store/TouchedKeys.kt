// The keys and ranges one write batch touches, each with its column family, recorded while the
// batch is built so observers can be told after the commit. Built by one thread, then only read.
package dev.cairn.lsm.coroutines.internal.store

internal class TouchedKeys {
    private val keys = ArrayList<ByteArray>(2)
    private val rangeFrom = ArrayList<ByteArray>(0)
    private val rangeTo = ArrayList<ByteArray>(0)

    /**
     * The family of each key and range, in the order added (null: the default family); null
     * itself while every write was to the default family, so a batch of raw keys allocates none.
     */
    private var keyFamilies: ArrayList<String?>? = null
    private var rangeFamilies: ArrayList<String?>? = null

    /** Records [key] of [family] (a family name; null: the default family). */
    fun key(key: ByteArray, family: String? = null) {
        if (family != null && keyFamilies == null) keyFamilies = defaults(keys.size)
        keys += key
        keyFamilies?.add(family)
    }

    /** Records `[from, to)` of [family] (a family name; null: the default family). */
    fun range(from: ByteArray, to: ByteArray, family: String? = null) {
        if (family != null && rangeFamilies == null) rangeFamilies = defaults(rangeFrom.size)
        rangeFrom += from
        rangeTo += to
        rangeFamilies?.add(family)
    }

    /** @return a list of [n] default-family marks, for writes recorded before the first to a family */
    private fun defaults(n: Int): ArrayList<String?> = ArrayList<String?>(n + 1).apply { repeat(n) { add(null) } }

    /** Whether the batch may have changed what [watch] sees: a write to its family that it covers. */
    fun touches(watch: Watch): Boolean {
        val kf = keyFamilies
        for (i in keys.indices) if ((kf?.get(i)) == watch.family && watch.covers(keys[i])) return true
        val rf = rangeFamilies
        for (i in rangeFrom.indices) if ((rf?.get(i)) == watch.family && watch.overlaps(rangeFrom[i], rangeTo[i])) return true
        return false
    }
}

// The writes of one workload in order, with how far they were started, acknowledged and made
// durable. Indices are read by crash-point observers on background threads, so they are
// volatile; the op list itself is only touched by the workload's thread.
package dev.cairn.lsm.reliability

import okio.ByteString

/**
 * Writes numbered from 1, on top of a [base] state. After a power cut the store must equal
 * [modelAt] some index between the durable index read before the cut and the started index read
 * after it.
 */
class History(private val base: Model) {
    private val writes = ArrayList<Op>()

    /** Writes handed to the store (the last may still be in flight). */
    @Volatile var started = 0
        private set

    /** Writes the store acknowledged. */
    @Volatile var acked = 0
        private set

    /** Writes known to survive a power cut (synced, flushed, or closed over). */
    @Volatile var durable = 0
        private set

    fun begin(op: Op) {
        check(op.isWrite)
        writes += op
        started = writes.size
    }

    fun acknowledged(op: Op) {
        acked = started
        if (op.synced) durable = acked
    }

    /** Everything acknowledged so far is durable (after flush or close). */
    fun allDurable() {
        durable = acked
    }

    fun modelAt(index: Int): Model {
        val m = base.copy()
        for (i in 0 until index) m.apply(writes[i])
        return m
    }

    /**
     * @return the first index in [lo]..[hi] whose model equals [actual], or null when none does
     */
    fun matchingIndex(actual: Map<ByteString, ByteString>, lo: Int, hi: Int): Int? {
        val m = modelAt(lo)
        if (m.contents() == actual) return lo
        for (i in lo until hi) {
            m.apply(writes[i])
            if (m.contents() == actual) return i + 1
        }
        return null
    }

    fun describe(index: Int): String = if (index in 1..writes.size) writes[index - 1].toString().take(200) else "-"
}

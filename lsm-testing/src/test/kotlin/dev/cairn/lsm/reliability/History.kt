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

    private val events = ArrayList<String>()

    /** Notes a non-write event (flush, compaction, reopen) at the current position, for failure messages. */
    fun note(event: String) {
        events += "$event after write $acked"
    }

    /** The writes touching [key] and the events, for explaining a mismatch. */
    fun story(key: ByteString): String {
        val touching = writes.withIndex().filter { (_, op) -> touches(op, key) }.map { (i, op) ->
            "#${i + 1} ${op.toString().take(90)}"
        }
        return "writes touching ${key.utf8()}: ${touching.takeLast(8)}; events: ${events.takeLast(12)}"
    }

    private fun touches(op: Op, key: ByteString): Boolean = when (op) {
        is Op.Put -> op.key == key
        is Op.Delete -> op.key == key
        is Op.Merge -> op.key == key
        is Op.DeleteRange -> key >= op.from && key < op.to
        is Op.Batch -> op.ops.any { touches(it, key) }
        else -> false
    }

    fun describe(index: Int): String = if (index in 1..writes.size) writes[index - 1].toString().take(200) else "-"
}

// The oracle of the versioned-read specs: every committed batch with its commit time, replayed to
// answer "the store as of an instant" and "the history of a key" as the store must.
package dev.cairn.lsm.versions

import java.util.TreeMap

/** One operation of a committed batch: a put (value non-null), a delete, or a range delete (to non-null). */
data class Op(val key: String, val value: String?, val to: String? = null) {
    fun covers(k: String) = to != null && key <= k && k < to
}

/** One committed batch. */
data class Commit(val time: Long, val ops: List<Op>)

/** A version as the oracle expects history to list it. */
data class Expected(val time: Long, val value: String?)

/** Every commit in order; keys are ASCII, so String order is the store's byte order. */
class VersionOracle {
    val commits = ArrayList<Commit>()

    fun record(time: Long, ops: List<Op>) {
        check(commits.isEmpty() || commits.last().time <= time) { "commit times must not go backwards" }
        commits += Commit(time, ops)
    }

    /** The state after every commit at or before [time]. */
    fun stateAt(time: Long): TreeMap<String, String> {
        val state = TreeMap<String, String>()
        for (c in commits) {
            if (c.time > time) break
            for (op in c.ops) apply(state, op)
        }
        return state
    }

    /**
     * The history of [key] as the store lists it: the versions committed at or after [edge],
     * newest first, then the value the key held just before [edge] (with the time it was written).
     */
    fun history(key: String, edge: Long): List<Expected> {
        var live: Expected? = null
        val inside = ArrayList<Expected>()
        for (c in commits) {
            for (op in c.ops) {
                val v = when {
                    op.to != null -> if (op.covers(key)) null else continue
                    op.key != key -> continue
                    else -> op.value
                }
                if (c.time < edge) {
                    live = if (v == null) null else Expected(c.time, v)
                } else if (v != null || op.to == null || inside.lastOrNull()?.value != null ||
                    (inside.isEmpty() && live != null)
                ) {
                    inside += Expected(c.time, v)
                }
            }
        }
        return inside.reversed() + listOfNotNull(live)
    }

    private fun apply(state: TreeMap<String, String>, op: Op) {
        when {
            op.to != null -> state.subMap(op.key, op.to).clear()
            op.value == null -> state.remove(op.key)
            else -> state[op.key] = op.value
        }
    }
}

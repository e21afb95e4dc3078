// The soak's expected state, kept by the parent process from the child's intent and
// acknowledgement lines: per writer, the op that last wrote each key (or none), the sum of its
// counter's merge operands, and the one operation that may be in flight. After a kill, check() compares the reopened store with the
// two states each writer's keys may be in (in-flight op absent or wholly applied, since a batch
// is atomic), counts acknowledged writes lost and wrong values, and adopts what it found. Not
// thread-safe: one reader thread feeds it, the spec checks it after that thread ended.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.reliability.SoakWorkload.Entry
import okio.ByteString.Companion.toByteString

class SoakOracle {
    /** writer -> key -> op that wrote the live value, or -1 when absent. */
    private val committed = Array(SoakWorkload.WRITERS) { LongArray(SoakWorkload.KEYS_PER_WRITER) { -1 } }
    /** writer -> the sum its counter holds: every acknowledged merge operand. */
    private val counters = LongArray(SoakWorkload.WRITERS)
    /** writer -> (op, entries) announced and not yet acknowledged. */
    private val inFlight = arrayOfNulls<Pair<Long, List<Entry>>>(SoakWorkload.WRITERS)

    var acknowledged = 0L
        private set
    var inFlightAtKill = 0L
        private set
    var inFlightApplied = 0L
        private set

    fun intent(writer: Int, op: Long, entries: List<Entry>) {
        check(inFlight[writer] == null) { "writer $writer announced op $op with ${inFlight[writer]} still in flight" }
        inFlight[writer] = op to entries
    }

    fun acknowledge(writer: Int, op: Long) {
        val pending = inFlight[writer]
        check(pending != null && pending.first == op) { "writer $writer acknowledged op $op, announced $pending" }
        apply(committed[writer], op, pending.second)
        counters[writer] += added(pending.second)
        inFlight[writer] = null
        acknowledged++
    }

    private fun added(entries: List<Entry>): Long = entries.sumOf { (it as? Entry.Merge)?.amount ?: 0L }

    private fun apply(state: LongArray, op: Long, entries: List<Entry>) {
        for (e in entries) when (e) {
            is Entry.Put -> state[e.k] = op
            is Entry.Delete -> state[e.k] = -1
            is Entry.Range -> for (k in e.k until e.end) state[k] = -1
            is Entry.Merge -> Unit
        }
    }

    /** Lost acknowledged writes and wrong values found in one check. */
    data class Findings(val lost: Int, val wrong: Int, val details: List<String>)

    /** Compares [store] with the allowed states and adopts the one found. */
    fun check(store: LsmStore): Findings {
        val contents = readAll(store)
        var lost = 0
        var wrong = 0
        val details = ArrayList<String>()
        for (w in 0 until SoakWorkload.WRITERS) {
            val actual = LongArray(SoakWorkload.KEYS_PER_WRITER) { -1 }
            for (k in 0 until SoakWorkload.KEYS_PER_WRITER) {
                val v = contents[SoakWorkload.key(w, k).toByteString()] ?: continue
                val origin = SoakWorkload.origin(v.toByteArray())
                if (origin == null || origin.first != w || origin.third != k) {
                    wrong++
                    details += "w$w-k$k holds ${v.utf8().take(40)}, which no write of this key put there"
                    actual[k] = -2
                } else {
                    actual[k] = origin.second
                }
            }
            val before = committed[w]
            val pending = inFlight[w]
            val after = pending?.let { before.copyOf().also { s -> apply(s, it.first, it.second) } }
            when {
                actual.contentEquals(before) -> Unit
                after != null && actual.contentEquals(after) -> { inFlightApplied++; committed[w] = after }
                else -> {
                    val onlyBefore = ArrayList<Int>()
                    val onlyAfter = ArrayList<Int>()
                    for (k in 0 until SoakWorkload.KEYS_PER_WRITER) {
                        val a = actual[k]
                        val isBefore = a == before[k]
                        val isAfter = after != null && a == after[k]
                        when {
                            isBefore && (after == null || isAfter) -> Unit
                            isBefore -> onlyBefore += k
                            isAfter -> onlyAfter += k
                            a == -2L -> Unit // counted above
                            before[k] >= 0 && (a < 0 || a < before[k]) -> {
                                lost++
                                details += "w$w-k$k: acknowledged op ${before[k]} lost (store has ${if (a < 0) "nothing" else "op $a"})"
                            }
                            else -> {
                                wrong++
                                details += "w$w-k$k: store has ${if (a < 0) "nothing" else "op $a"}, expected op ${before[k]}" +
                                    (after?.let { " or ${it[k]}" } ?: "")
                            }
                        }
                    }
                    if (onlyBefore.isNotEmpty() && onlyAfter.isNotEmpty()) {
                        // Part of the in-flight batch is there and part is not: a torn batch.
                        wrong += onlyAfter.size
                        details += "w$w: in-flight op ${pending!!.first} is torn: keys $onlyAfter applied, $onlyBefore not"
                    } else if (onlyAfter.isNotEmpty()) {
                        committed[w] = after!!
                    }
                }
            }
            // The counter: the acknowledged sum, or with the in-flight operation's operands, and
            // then only if its keys show it applied too (or cannot tell).
            val counter = contents[SoakWorkload.counter(w).toByteString()]?.let { MergeOperators.uint64Value(it.toByteArray()) } ?: 0L
            val add = pending?.let { added(it.second) } ?: 0L
            val keysApplied = pending != null && !committed[w].contentEquals(before)
            val keysNotApplied = after != null && !after.contentEquals(before) && committed[w].contentEquals(before)
            when {
                counter == counters[w] && !(keysApplied && add > 0) -> Unit
                add > 0 && counter == counters[w] + add && !keysNotApplied -> counters[w] += add
                counter < counters[w] -> { lost++; details += "w$w: counter is $counter, acknowledged merges add up to ${counters[w]}" }
                else -> {
                    wrong++
                    details += "w$w: counter is $counter, expected ${counters[w]}" + (if (add > 0) " or ${counters[w] + add}" else "") +
                        " (in-flight keys ${if (keysApplied) "applied" else if (keysNotApplied) "not applied" else "undecided"})"
                }
            }
            if (pending != null) inFlightAtKill++
            inFlight[w] = null
        }
        // A store that matched neither state for some writer keeps the expected one as the base.
        return Findings(lost, wrong, details.take(20))
    }

    /** Live keys the model holds, for the figures. */
    fun liveKeys(): Int = committed.sumOf { s -> s.count { it >= 0 } }
}

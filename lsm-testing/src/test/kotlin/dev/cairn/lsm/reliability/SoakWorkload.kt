// What the soak's child writes and what its parent expects, shared by both sides: keys owned by
// one writer each, values that name the operation that wrote them, a uint64Add counter per writer
// that its operations bump with merge operands, the one-line form of an operation that goes
// through the pipe, and the store options of each round (the compaction strategy and compression
// change on every reopen). Pure functions; thread-safe.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.Compression
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.StoreOptions

object SoakWorkload {
    const val WRITERS = 8
    const val READERS = 8
    const val KEYS_PER_WRITER = 512

    fun key(writer: Int, k: Int): ByteArray = "w%d-k%04d".format(writer, k).encodeToByteArray()

    /** The writer's counter: outside the "w" keys, summed with uint64Add operands. */
    fun counter(writer: Int): ByteArray = "x%d-count".format(writer).encodeToByteArray()

    /** The exact bytes operation [op] of [writer] stores under key [k]. */
    fun value(writer: Int, op: Long, k: Int): ByteArray {
        val head = "w$writer:o$op:k$k:"
        val pad = ((op * 31 + k) % 200).toInt()
        return (head + "x".repeat(pad)).encodeToByteArray()
    }

    /** The (writer, op, k) a value names, or null if it is not a value [value] wrote. */
    fun origin(value: ByteArray): Triple<Int, Long, Int>? {
        val text = value.decodeToString()
        val m = Regex("^w(\\d+):o(\\d+):k(\\d+):").find(text) ?: return null
        val origin = Triple(m.groupValues[1].toInt(), m.groupValues[2].toLong(), m.groupValues[3].toInt())
        return if (value.contentEquals(value(origin.first, origin.second, origin.third))) origin else null
    }

    /** One entry of a writer's batch, applied in order: put, delete, or delete of [k, end). */
    sealed class Entry {
        data class Put(val k: Int) : Entry()
        data class Delete(val k: Int) : Entry()
        data class Range(val k: Int, val end: Int) : Entry()
        data class Merge(val amount: Long) : Entry()
    }

    fun encode(entries: List<Entry>): String = entries.joinToString(",") {
        when (it) {
            is Entry.Put -> "p${it.k}"
            is Entry.Delete -> "d${it.k}"
            is Entry.Range -> "r${it.k}-${it.end}"
            is Entry.Merge -> "m${it.amount}"
        }
    }

    fun decode(spec: String): List<Entry> = spec.split(",").map {
        when (it[0]) {
            'p' -> Entry.Put(it.substring(1).toInt())
            'd' -> Entry.Delete(it.substring(1).toInt())
            'r' -> it.substring(1).split("-").let { (a, b) -> Entry.Range(a.toInt(), b.toInt()) }
            'm' -> Entry.Merge(it.substring(1).toLong())
            else -> error("bad entry $it")
        }
    }

    /** Each round reopens with the next strategy, and LZ4 on every other round. */
    fun options(round: Int): StoreOptions = StoreOptions.builder()
        .memtableSizeBytes(64 * 1024)
        .blockSize(1024)
        .compaction(when (round % 3) {
            0 -> StoreConfigs.leveled()
            1 -> StoreConfigs.sizeTiered()
            else -> StoreConfigs.timeWindow()
        })
        .compression(if (round % 2 == 0) Compression.NONE else Compression.LZ4)
        .backgroundThreads(2)
        .mergeOperator(MergeOperators.uint64Add())
        .build()
}

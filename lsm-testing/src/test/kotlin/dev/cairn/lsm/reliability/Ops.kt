// The operations the reliability suites generate, a seeded generator for them, and how each is
// applied to a store. Not thread-safe.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import okio.ByteString
import okio.ByteString.Companion.toByteString
import java.util.Random

/** One step of a workload. */
sealed class Op {
    data class Put(val key: ByteString, val value: ByteString, val sync: Boolean = false) : Op()
    data class Delete(val key: ByteString, val sync: Boolean = false) : Op()
    data class DeleteRange(val from: ByteString, val to: ByteString, val sync: Boolean = false) : Op()
    /** A merge operand, folded by [StoreConfigs.MERGE_OPERATOR] (append with '|'). */
    data class Merge(val key: ByteString, val operand: ByteString, val sync: Boolean = false) : Op()
    data class Batch(val ops: List<Op>, val sync: Boolean = false) : Op()
    object Flush : Op() { override fun toString() = "Flush" }
    data class Compact(val from: ByteString?, val to: ByteString?) : Op()
    object Reopen : Op() { override fun toString() = "Reopen" }

    /** Whether the op is a write acknowledged only after an fsync. */
    val synced: Boolean
        get() = when (this) {
            is Put -> sync
            is Delete -> sync
            is DeleteRange -> sync
            is Merge -> sync
            is Batch -> sync
            else -> false
        }

    val isWrite: Boolean get() = this is Put || this is Delete || this is DeleteRange || this is Merge || this is Batch
}

/** Generates workloads over a small key space so keys are overwritten, deleted and ranged over. */
class OpGenerator(
    private val random: Random,
    private val keyCount: Int = 400,
    private val maxValueSize: Int = 120,
    private val syncProbability: Double = 0.2,
    private val flushProbability: Double = 0.01,
    private val compactProbability: Double = 0.005,
    private val reopenProbability: Double = 0.0,
    /** The share of single writes that are merges (0: none, and the random stream is as before merges existed). */
    private val mergeProbability: Double = 0.0,
) {
    private var counter = 0

    fun key(): ByteString = key(random.nextInt(keyCount))

    fun key(i: Int): ByteString = "key-%06d".format(i).encodeToByteArray().toByteString()

    fun value(): ByteString {
        counter++
        val size = if (random.nextInt(20) == 0) random.nextInt(maxValueSize * 8) else random.nextInt(maxValueSize)
        val bytes = ByteArray(size) { (random.nextInt(256)).toByte() }
        val tag = "v$counter:".encodeToByteArray()
        System.arraycopy(tag, 0, bytes, 0, minOf(tag.size, size))
        return bytes.toByteString()
    }

    private fun sync() = random.nextDouble() < syncProbability

    private fun simpleWrite(): Op {
        if (mergeProbability > 0 && random.nextDouble() < mergeProbability) return Op.Merge(key(), value(), sync())
        val r = random.nextInt(100)
        return when {
            r < 70 -> Op.Put(key(), value(), sync())
            r < 92 -> Op.Delete(key(), sync())
            else -> {
                val a = random.nextInt(keyCount)
                val b = minOf(keyCount, a + 1 + random.nextInt(12))
                Op.DeleteRange(key(a), key(b), sync())
            }
        }
    }

    fun next(): Op {
        val r = random.nextDouble()
        return when {
            r < flushProbability -> Op.Flush
            r < flushProbability + compactProbability -> {
                if (random.nextBoolean()) Op.Compact(null, null)
                else {
                    val a = random.nextInt(keyCount)
                    Op.Compact(key(a), key(minOf(keyCount, a + 1 + random.nextInt(keyCount / 4))))
                }
            }
            r < flushProbability + compactProbability + reopenProbability -> Op.Reopen
            random.nextInt(8) == 0 -> Op.Batch(List(2 + random.nextInt(6)) { simpleWrite() }.map { it.unsynced() }, sync())
            else -> simpleWrite()
        }
    }

    private fun Op.unsynced(): Op = when (this) {
        is Op.Put -> copy(sync = false)
        is Op.Delete -> copy(sync = false)
        is Op.DeleteRange -> copy(sync = false)
        is Op.Merge -> copy(sync = false)
        else -> this
    }
}

/** Builds the batch [op] writes (a single write is a batch of one). */
fun batchOf(op: Op): WriteBatch {
    val b = WriteBatch()
    fun add(o: Op) {
        when (o) {
            is Op.Put -> b.put(o.key.toByteArray(), o.value.toByteArray())
            is Op.Delete -> b.delete(o.key.toByteArray())
            is Op.DeleteRange -> b.deleteRange(o.from.toByteArray(), o.to.toByteArray())
            is Op.Merge -> b.merge(o.key.toByteArray(), o.operand.toByteArray())
            is Op.Batch -> o.ops.forEach { add(it) }
            else -> error("not a write: $o")
        }
    }
    add(op)
    return b
}

/** Applies [op] to [store]; Reopen is the caller's business and is ignored here. */
fun LsmStore.apply(op: Op) {
    when (op) {
        is Op.Flush -> flush()
        is Op.Compact -> compactRange(op.from?.toByteArray(), op.to?.toByteArray())
        is Op.Reopen -> Unit
        else -> write(batchOf(op), if (op.synced) WriteOptions.sync() else WriteOptions.noSync())
    }
}

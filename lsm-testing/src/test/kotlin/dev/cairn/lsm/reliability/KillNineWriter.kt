// The child process of KillNineSpec: writes numbered batches to a store on the real file system
// and prints "ACK <n>" after each is acknowledged, until it is killed. In "merges" mode each
// numbered commit bumps counters with uint64Add merge operands and writes a marker, every other
// one through a Transaction (which also reads a counter it bumps), the rest as a WriteBatch.
// Single-threaded.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.TransactionOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import java.nio.file.Path
import java.util.Random

/** Keys and values of the batches, shared by the writer and the checker. */
object KillNineBatches {
    const val KEYS_PER_BATCH_MAX = 8

    fun key(batch: Long, i: Int): ByteArray = "b%010d-%02d".format(batch, i).encodeToByteArray()

    /** How many keys batch [batch] writes (1..KEYS_PER_BATCH_MAX), decided by the batch number alone. */
    fun size(batch: Long): Int = 1 + Math.floorMod(batch * 2654435761L, KEYS_PER_BATCH_MAX.toLong()).toInt()

    fun value(batch: Long, i: Int): ByteArray {
        val r = Random(batch * 31 + i)
        val body = ByteArray(r.nextInt(600)) { r.nextInt(256).toByte() }
        return "v$batch/$i:".encodeToByteArray() + body
    }

    /** The key of the encrypted rounds. */
    private val KEY = ByteArray(32) { (it * 3 + 1).toByte() }

    fun options(encrypted: Boolean = false): StoreOptions = StoreOptions.builder()
        .memtableSizeBytes(64 * 1024)
        .blockSize(1024)
        .compaction(StoreConfigs.leveled())
        .encryption(if (encrypted) Encryption.aesGcm(KEY) else null)
        .mergeOperator(MergeOperators.uint64Add())
        .build()

    const val COUNTERS = 16

    fun counter(c: Int): ByteArray = "c%02d".format(c).encodeToByteArray()

    fun marker(batch: Long): ByteArray = "t%010d".format(batch).encodeToByteArray()

    /** The counters commit [batch] of the merges mode bumps, and by how much (1..3 counters, 1..5 each). */
    fun increments(batch: Long): List<Pair<Int, Long>> {
        val r = Random(batch * 7919 + 17)
        return List(1 + r.nextInt(3)) { r.nextInt(COUNTERS) to 1L + r.nextInt(5) }
    }
}

object KillNineWriter {
    /** Arguments: store directory, "sync" or "nosync", first batch number, and "encrypted" for an encrypted store. */
    @JvmStatic
    fun main(args: Array<String>) {
        val dir = Path.of(args[0])
        val sync = args[1] == "sync"
        var batch = args[2].toLong()
        val encrypted = args.getOrNull(3) == "encrypted"
        val merges = args.getOrNull(4) == "merges"
        val out = System.out
        LsmStore.open(dir, KillNineBatches.options(encrypted)).use { store ->
            out.println("OPEN")
            out.flush()
            while (merges) {
                commitIncrements(store, batch, if (sync) WriteOptions.sync() else WriteOptions.noSync())
                out.println("ACK $batch")
                out.flush()
                batch++
            }
            while (true) {
                val b = WriteBatch()
                for (i in 0 until KillNineBatches.size(batch)) b.put(KillNineBatches.key(batch, i), KillNineBatches.value(batch, i))
                b.put("last".encodeToByteArray(), batch.toString().encodeToByteArray())
                store.write(b, if (sync) WriteOptions.sync() else WriteOptions.noSync())
                out.println("ACK $batch")
                out.flush()
                batch++
            }
        }
    }

    /** Writes commit [batch] of the merges mode: its counter operands, a "total" operand and its marker, atomically. */
    private fun commitIncrements(store: LsmStore, batch: Long, options: WriteOptions) {
        val increments = KillNineBatches.increments(batch)
        val total = MergeOperators.uint64(increments.sumOf { it.second })
        if (batch % 2 == 0L) {
            store.beginTransaction(TransactionOptions.defaults().writeOptions(options)).use { tx ->
                for ((c, n) in increments) tx.merge(KillNineBatches.counter(c), MergeOperators.uint64(n))
                tx.merge("total".encodeToByteArray(), total)
                tx.get(KillNineBatches.counter(increments[0].first)) // folds the own operand over the snapshot
                tx.put(KillNineBatches.marker(batch), byteArrayOf(1))
                tx.commit()
            }
        } else {
            val b = WriteBatch()
            for ((c, n) in increments) b.merge(KillNineBatches.counter(c), MergeOperators.uint64(n))
            b.merge("total".encodeToByteArray(), total)
            b.put(KillNineBatches.marker(batch), byteArrayOf(1))
            store.write(b, options)
        }
    }
}

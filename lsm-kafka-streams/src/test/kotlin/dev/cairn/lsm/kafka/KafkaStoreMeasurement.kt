// Measures what docs/benchmarks.md reports for the Kafka Streams store, Cairn against Kafka's
// RocksDB store in the same JVM and the same run (not a spec: run it by hand, see docs/benchmarks.md):
//   restore  — N changelog records (16-byte keys in random order, 100-byte values) handed to each
//              store's restore callback in batches of 1,000 (the restore consumer's max.poll.records),
//              then a commit and a close (for RocksDB the close is where its memtable reaches disk);
//   topology — the per-user aggregation (purchaseTotals) over N purchases by 100,000 users through
//              TopologyTestDriver, record cache off; the driver commits after every record, so
//              Cairn's commits are unsynced here as RocksDB's are (its write-ahead log is off).
// Stores run in alternating order (Cairn first in odd rounds) to even out warm-up.
package dev.cairn.lsm.kafka

import org.apache.kafka.clients.consumer.ConsumerRecord
import org.apache.kafka.common.TopicPartition
import org.apache.kafka.common.serialization.Serdes
import org.apache.kafka.streams.processor.internals.StateRestoreCallbackAdapter
import java.util.Random

private fun restoreRecords(count: Int, seed: Long): List<ConsumerRecord<ByteArray, ByteArray?>> {
    val random = Random(seed)
    val order = IntArray(count) { it }
    for (i in count - 1 downTo 1) {
        val j = random.nextInt(i + 1)
        val t = order[i]; order[i] = order[j]; order[j] = t
    }
    return List(count) { offset ->
        val value = ByteArray(100).also(random::nextBytes)
        ConsumerRecord("measure-store-changelog", 0, offset.toLong(), "key-%012d".format(order[offset]).toByteArray(), value)
    }
}

private fun measureRestore(kind: StoreKind, records: List<ConsumerRecord<ByteArray, ByteArray?>>): String {
    val raw = openRaw(kind)
    try {
        val callback = StateRestoreCallbackAdapter.adapt(raw.restore)
        val start = System.nanoTime()
        records.chunked(1_000).forEach { callback.restoreBatch(it) }
        val restored = System.nanoTime()
        raw.store.commit(mapOf(TopicPartition("measure-store-changelog", 0) to records.last().offset()))
        raw.store.close()
        val closed = System.nanoTime()
        val bytes = raw.stateDir.walk().filter { it.isFile }.sumOf { it.length() }
        return "| restore | $kind | %,d | %.2f | %.2f | %,.0f | %.1f |".format(
            records.size, (restored - start) / 1e9, (closed - start) / 1e9,
            records.size / ((closed - start) / 1e9), bytes / 1048576.0)
    } finally {
        if (raw.store.isOpen) raw.store.close()
        raw.stateDir.deleteRecursively()
    }
}

private fun measureTopology(kind: StoreKind, count: Int, seed: Long): String {
    val input = purchases(seed, count, users = 100_000)
    return drive(purchaseTotals(kind), 0, mapOf(CairnConfig.COMMIT_SYNC_CONFIG to false)) { driver ->
        val purchases = driver.createInputTopic(PURCHASES, Serdes.String().serializer(), Serdes.Long().serializer())
        val totals = driver.createOutputTopic(TOTALS, Serdes.String().deserializer(), Serdes.String().deserializer())
        val start = System.nanoTime()
        var emitted = 0L
        input.chunked(10_000).forEach { chunk ->
            purchases.pipeKeyValueList(chunk)
            emitted += totals.readValuesToList().size
        }
        val seconds = (System.nanoTime() - start) / 1e9
        check(emitted == count.toLong()) { "$kind emitted $emitted of $count" }
        "| topology | $kind | %,d | %.2f | %.2f | %,.0f | |".format(count, seconds, seconds, count / seconds)
    }
}

/** Arguments: `[records] [rounds] [restore|topology|both]`, defaults 1000000 1 both. */
fun main(args: Array<String>) {
    val count = args.getOrNull(0)?.toInt() ?: 1_000_000
    val rounds = args.getOrNull(1)?.toInt() ?: 1
    val what = args.getOrNull(2) ?: "both"
    println("| what | store | records | phase s | total s | records/s | disk MiB |")
    println("|---|---|---|---|---|---|---|")
    for (round in 1..rounds) {
        val order = if (round % 2 == 1) StoreKind.entries else StoreKind.entries.reversed()
        if (what != "topology") {
            val records = restoreRecords(count, 42L + round)
            for (kind in order) println(measureRestore(kind, records))
        }
        if (what != "restore") {
            for (kind in order) println(measureTopology(kind, count, 42L + round))
        }
    }
}

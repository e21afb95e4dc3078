// Specification of restoring from the changelog: records handed over in batches, as Kafka's
// restore consumer delivers them (null values are deletions), land in Cairn and in RocksDB alike
// and read back the same; a Cairn store restored this way keeps them across a reopen.
package dev.cairn.lsm.kafka

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import org.apache.kafka.clients.consumer.ConsumerRecord
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback
import org.apache.kafka.streams.processor.internals.StateRestoreCallbackAdapter
import java.util.Random
import java.util.TreeMap

/** Seeded changelog records: puts over 2,000 keys with one in eight a deletion. */
fun changelog(seed: Long, count: Int, topic: String = "app-store-changelog"): List<ConsumerRecord<ByteArray, ByteArray?>> {
    val random = Random(seed)
    return List(count) { offset ->
        val key = "key-%06d".format(random.nextInt(2_000)).toByteArray()
        val value = if (random.nextInt(8) == 0) null else ByteArray(1 + random.nextInt(100)) { offset.toByte() }
        ConsumerRecord(topic, 0, offset.toLong(), key, value)
    }
}

class RestoreSpec : FunSpec({
    val seed = System.nanoTime()

    test("changelog batches restore to the same contents in Cairn and RocksDB") {
        withClue("seed=$seed") {
            val records = changelog(seed, 20_000)
            val model = TreeMap<String, String>()
            for (r in records) {
                val key = String(r.key())
                if (r.value() == null) model.remove(key) else model[key] = String(r.value()!!, Charsets.ISO_8859_1)
            }
            for (kind in StoreKind.entries) {
                val raw = openRaw(kind)
                try {
                    val callback = StateRestoreCallbackAdapter.adapt(raw.restore)
                    if (kind == StoreKind.CAIRN) (raw.restore is BatchingStateRestoreCallback) shouldBe true
                    records.chunked(1_000).forEach { callback.restoreBatch(it) }
                    withClue("$kind") { raw.store.all().drain() shouldBe model.toList() }
                } finally {
                    raw.store.close()
                    raw.stateDir.deleteRecursively()
                }
            }
        }
    }

    test("a restored Cairn store keeps its records and committed offset across a reopen") {
        val first = openRaw(StoreKind.CAIRN)
        try {
            val records = changelog(seed, 5_000)
            StateRestoreCallbackAdapter.adapt(first.restore).restoreBatch(records)
            val partition = org.apache.kafka.common.TopicPartition("app-store-changelog", 0)
            first.store.commit(mapOf(partition to records.last().offset()))
            val before = first.store.all().drain()
            first.store.close()
            val second = openRaw(StoreKind.CAIRN, stateDir = first.stateDir)
            second.store.all().drain() shouldBe before
            second.store.committedOffset(partition) shouldBe 4_999L
            second.store.close()
        } finally {
            first.stateDir.deleteRecursively()
        }
    }
})

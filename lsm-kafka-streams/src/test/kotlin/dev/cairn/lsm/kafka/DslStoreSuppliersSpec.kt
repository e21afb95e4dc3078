// Specification of CairnDslStoreSuppliers: with it configured, the key-value stores the DSL makes
// by itself are Cairn stores of the format the DSL asks for (timestamped, or timestamped with
// headers), and a topology counts exactly as it does on Kafka's default RocksDB stores.
package dev.cairn.lsm.kafka

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import org.apache.kafka.common.serialization.Serdes
import org.apache.kafka.common.utils.Bytes
import org.apache.kafka.streams.StreamsBuilder
import org.apache.kafka.streams.StreamsConfig
import org.apache.kafka.streams.Topology
import org.apache.kafka.streams.TopologyTestDriver
import org.apache.kafka.streams.kstream.Consumed
import org.apache.kafka.streams.kstream.Grouped
import org.apache.kafka.streams.kstream.Materialized
import org.apache.kafka.streams.kstream.Produced
import org.apache.kafka.streams.processor.StateStore
import org.apache.kafka.streams.state.KeyValueStore
import org.apache.kafka.streams.state.internals.WrappedStateStore

/** Word count whose store the DSL chooses: named "counts", no supplier given. */
private fun namedWordCount(): Topology {
    val builder = StreamsBuilder()
    builder.stream(LINES, Consumed.with(Serdes.String(), Serdes.String()))
        .flatMapValues { line -> line.split(' ') }
        .groupBy({ _, word -> word }, Grouped.with(Serdes.String(), Serdes.String()))
        .count(Materialized.`as`<String, Long, KeyValueStore<Bytes, ByteArray>>("counts")
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
        .toStream()
        .to(COUNTS, Produced.with(Serdes.String(), Serdes.Long()))
    return builder.build()
}

private fun innermost(store: StateStore): StateStore {
    var s = store
    while (s is WrappedStateStore<*, *, *>) s = s.wrapped()
    return s
}

class DslStoreSuppliersSpec : FunSpec({
    val seed = System.nanoTime()
    val cairn = mapOf<String, Any>(
        StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG to CairnDslStoreSuppliers::class.java,
        CairnConfig.COMMIT_SYNC_CONFIG to false,
    )

    fun run(extra: Map<String, Any>, check: (TopologyTestDriver) -> Unit = {}): List<org.apache.kafka.streams.KeyValue<String, Long>> =
        drive(namedWordCount(), extra = extra) { driver ->
            val lines = driver.createInputTopic(LINES, Serdes.String().serializer(), Serdes.String().serializer())
            lines(seed, 500).forEach { lines.pipeInput(null, it) }
            check(driver)
            driver.createOutputTopic(COUNTS, Serdes.String().deserializer(), Serdes.Long().deserializer()).readKeyValuesToList()
        }

    test("the DSL's own key-value stores become timestamped Cairn stores and count as RocksDB does") {
        withClue("seed=$seed") {
            val onCairn = run(cairn) { driver ->
                innermost(driver.allStateStores.getValue("counts")).shouldBeInstanceOf<TimestampedCairnKeyValueStore>()
            }
            onCairn shouldBe run(emptyMap())
        }
    }

    test("with dsl.store.format=headers they become Cairn stores of the headers layout") {
        withClue("seed=$seed") {
            val headers = mapOf<String, Any>(StreamsConfig.DSL_STORE_FORMAT_CONFIG to StreamsConfig.DSL_STORE_FORMAT_HEADERS)
            val onCairn = run(cairn + headers) { driver ->
                innermost(driver.allStateStores.getValue("counts")).shouldBeInstanceOf<HeadersCairnKeyValueStore>()
            }
            onCairn shouldBe run(headers)
        }
    }
})

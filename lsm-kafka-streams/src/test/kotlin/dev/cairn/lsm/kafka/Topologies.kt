// The topologies the equivalence specs and the throughput measurement run on both stores: a word
// count (DSL, timestamped store), a per-user aggregation (DSL), and a Processor API topology that
// reads its store by prefix and range while it writes. Inputs are seeded, so two runs see the same.
package dev.cairn.lsm.kafka

import org.apache.kafka.common.serialization.Serdes
import org.apache.kafka.streams.KeyValue
import org.apache.kafka.streams.StreamsBuilder
import org.apache.kafka.streams.StreamsConfig
import org.apache.kafka.streams.Topology
import org.apache.kafka.streams.TopologyTestDriver
import org.apache.kafka.streams.kstream.Consumed
import org.apache.kafka.streams.kstream.Grouped
import org.apache.kafka.streams.kstream.Materialized
import org.apache.kafka.streams.kstream.Produced
import org.apache.kafka.streams.processor.api.Processor
import org.apache.kafka.streams.processor.api.ProcessorContext
import org.apache.kafka.streams.processor.api.Record
import org.apache.kafka.streams.state.KeyValueStore
import org.apache.kafka.streams.state.Stores
import java.io.File
import java.nio.file.Files
import java.util.Random

const val LINES = "lines"
const val COUNTS = "word-counts"
const val PURCHASES = "purchases"
const val TOTALS = "user-totals"
const val VISITS = "visits"
const val REGION_STATS = "region-stats"

private val WORDS = listOf("stone", "cairn", "path", "hill", "mist", "trail", "peak", "moss", "rock", "wind",
    "north", "ridge", "summit", "valley", "river", "lake", "snow", "ice", "sun", "rain")

/** Counts the words of [LINES] into the store "counts", emitting each new count to [COUNTS]. */
fun wordCount(kind: StoreKind): Topology {
    val builder = StreamsBuilder()
    builder.stream(LINES, Consumed.with(Serdes.String(), Serdes.String()))
        .flatMapValues { line -> line.split(' ') }
        .groupBy({ _, word -> word }, Grouped.with(Serdes.String(), Serdes.String()))
        .count(Materialized.`as`<String, Long>(kind.timestamped("counts")).withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
        .toStream()
        .to(COUNTS, Produced.with(Serdes.String(), Serdes.Long()))
    return builder.build()
}

/** Aggregates [PURCHASES] (user → cents) per user into "count,sum,max", emitted to [TOTALS]. */
fun purchaseTotals(kind: StoreKind): Topology {
    val builder = StreamsBuilder()
    builder.stream(PURCHASES, Consumed.with(Serdes.String(), Serdes.Long()))
        .groupByKey(Grouped.with(Serdes.String(), Serdes.Long()))
        .aggregate(
            { "0,0,0" },
            { _, cents, agg ->
                val (count, sum, max) = agg.split(',').map { it.toLong() }
                "${count + 1},${sum + cents},${maxOf(max, cents)}"
            },
            Materialized.`as`<String, String>(kind.plain("totals")).withKeySerde(Serdes.String()).withValueSerde(Serdes.String()),
        )
        .toStream()
        .to(TOTALS, Produced.with(Serdes.String(), Serdes.String()))
    return builder.build()
}

/**
 * Keeps the last page of each "region|user" from [VISITS] in the plain store "last-page" (a null
 * page forgets the user) and emits, per visit, "users in the region,users from the region's first
 * user to this one" read by prefixScan and range over the store.
 */
fun regionStats(kind: StoreKind): Topology {
    val topology = Topology()
    topology.addSource("visits", Serdes.String().deserializer(), Serdes.String().deserializer(), VISITS)
    topology.addProcessor("region-stats", { RegionStatsProcessor() }, "visits")
    topology.addStateStore(Stores.keyValueStoreBuilder(kind.plain("last-page"), Serdes.String(), Serdes.String()), "region-stats")
    topology.addSink("out", REGION_STATS, Serdes.String().serializer(), Serdes.String().serializer(), "region-stats")
    return topology
}

private class RegionStatsProcessor : Processor<String, String, String, String> {
    private lateinit var context: ProcessorContext<String, String>
    private lateinit var store: KeyValueStore<String, String>

    override fun init(context: ProcessorContext<String, String>) {
        this.context = context
        store = context.getStateStore("last-page")
    }

    override fun process(record: Record<String, String?>) {
        val key = record.key()
        val region = key.substringBefore('|') + "|"
        if (record.value() == null) store.delete(key) else store.put(key, record.value())
        val inRegion = store.prefixScan(region, Serdes.String().serializer()).use { it.asSequence().count() }
        val first = store.prefixScan(region, Serdes.String().serializer()).use { if (it.hasNext()) it.peekNextKey() else key }
        val upTo = store.range(first, key).use { it.asSequence().count() }
        val newestFirst = store.reverseRange(first, key).use { if (it.hasNext()) it.peekNextKey() else "-" }
        context.forward(record.withValue("$inRegion,$upTo,$newestFirst"))
    }
}

/** Seeded lines of 1 to 8 words. */
fun lines(seed: Long, count: Int): List<String> {
    val random = Random(seed)
    return List(count) { List(1 + random.nextInt(8)) { WORDS[random.nextInt(WORDS.size)] }.joinToString(" ") }
}

/** Seeded purchases: (user, cents). */
fun purchases(seed: Long, count: Int, users: Int): List<KeyValue<String, Long>> {
    val random = Random(seed)
    return List(count) { KeyValue("user-%04d".format(random.nextInt(users)), 1L + random.nextInt(10_000)) }
}

/** Seeded visits: ("region|user", page or null). */
fun visits(seed: Long, count: Int): List<KeyValue<String, String?>> {
    val random = Random(seed)
    return List(count) {
        val key = "r${random.nextInt(5)}|u%03d".format(random.nextInt(200))
        KeyValue(key, if (random.nextInt(10) == 0) null else "/page/${random.nextInt(50)}")
    }
}

/** Runs [block] on a driver for [topology] in a fresh state directory, then closes both. */
fun <T> drive(topology: Topology, cacheBytes: Long = 0, extra: Map<String, Any> = emptyMap(), block: (TopologyTestDriver) -> T): T {
    val stateDir: File = Files.createTempDirectory("cairn-topology").toFile()
    val props = streamsProperties(stateDir, mapOf(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG to cacheBytes) + extra)
    try {
        return TopologyTestDriver(topology, props).use(block)
    } finally {
        stateDir.deleteRecursively()
    }
}

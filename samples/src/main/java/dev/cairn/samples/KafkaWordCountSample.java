// A Kafka Streams word count whose counts live in a Cairn store instead of RocksDB. It runs the
// topology through Kafka's TopologyTestDriver, so it needs no broker: lines go in, counts come out,
// and the store is read directly and through an interactive query (IQv2). With a real cluster the
// topology is the same; only `new KafkaStreams(topology, props).start()` replaces the driver.
package dev.cairn.samples;

import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.kafka.CairnConfig;
import dev.cairn.lsm.kafka.CairnStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** Word count on a Cairn state store. */
public final class KafkaWordCountSample {
    private KafkaWordCountSample() {
    }

    /** Gives every Cairn store of the application smaller memtables than the default. */
    public static final class SmallStores implements CairnConfig {
        /** Creates the config; Kafka Streams does, once per store. */
        public SmallStores() {
        }

        @Override
        public void setConfig(String storeName, StoreOptions.Builder options, Map<String, Object> configs) {
            options.memtableSizeBytes(4 << 20);
        }
    }

    /** @return lines → words → counts, materialized in the Cairn store "counts" */
    static Topology wordCount() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("lines", Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.asList(line.toLowerCase().split("\\W+")))
                .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.<String, Long>as(CairnStores.persistentTimestampedKeyValueStore("counts"))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream()
                .to("word-counts", Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws Exception if the state directory cannot be made
     */
    public static void main(String[] args) throws Exception {
        Path stateDir = Files.createTempDirectory("cairn-kafka-sample");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cairn-word-count");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");   // not contacted by the driver
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(CairnConfig.CONFIG_SETTER_CLASS_CONFIG, SmallStores.class);

        try (TopologyTestDriver driver = new TopologyTestDriver(wordCount(), props)) {
            TestInputTopic<String, String> lines = driver.createInputTopic("lines",
                    Serdes.String().serializer(), Serdes.String().serializer());
            TestOutputTopic<String, Long> counts = driver.createOutputTopic("word-counts",
                    Serdes.String().deserializer(), Serdes.Long().deserializer());
            for (String line : List.of("A cairn marks the path", "the path goes up the hill",
                    "stone on stone a cairn grows")) {
                lines.pipeInput(line);
            }
            System.out.println("counts emitted: " + counts.readKeyValuesToMap());

            KeyValueStore<String, ValueAndTimestamp<Long>> store = driver.getTimestampedKeyValueStore("counts");
            System.out.print("store, from 'c' to 'p':");
            try (KeyValueIterator<String, ValueAndTimestamp<Long>> range = store.range("c", "p")) {
                while (range.hasNext()) {
                    KeyValue<String, ValueAndTimestamp<Long>> kv = range.next();
                    System.out.print(" " + kv.key + "=" + kv.value.value());
                }
            }
            System.out.println();

            // a KeyQuery answers with the plain value; TimestampedKeyQuery would add the timestamp
            QueryResult<Long> answer = driver.getAllStateStores().get("counts").query(
                    KeyQuery.<String, Long>withKey("stone"), PositionBound.unbounded(), new QueryConfig(false));
            System.out.println("IQv2 KeyQuery('stone') = " + answer.getResult()
                    + " at position " + answer.getPosition());
        }
        System.out.println("state directory: " + stateDir + " (the driver removes it on close)");
    }
}

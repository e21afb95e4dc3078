package dev.cairn.lsm.kafka;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.common.utils.Bytes;

/**
 * Supplies a new Cairn store of one name each time Kafka Streams asks (once per task).
 *
 * @param name the store name
 * @param timestamped whether the stores hold values in Kafka's timestamped layout
 */
record CairnStoreSupplier(String name, boolean timestamped) implements KeyValueBytesStoreSupplier {
    /** The metrics scope of Cairn stores in Kafka Streams' metric names. */
    static final String METRICS_SCOPE = "cairn";

    @Override
    public KeyValueStore<Bytes, byte[]> get() {
        return timestamped ? new TimestampedCairnKeyValueStore(name) : new CairnKeyValueStore(name);
    }

    @Override
    public String metricsScope() {
        return METRICS_SCOPE;
    }
}

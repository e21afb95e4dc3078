package dev.cairn.lsm.kafka;

import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.HeadersBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Supplies a new Cairn store of one name each time Kafka Streams asks (once per task), of the
 * class that tells Kafka which value layout the store holds.
 */
class CairnStoreSupplier implements KeyValueBytesStoreSupplier {
    /** The metrics scope of Cairn stores in Kafka Streams' metric names. */
    static final String METRICS_SCOPE = "cairn";

    private final String name;
    private final Function<String, CairnKeyValueStore> stores;

    /**
     * @param name the store name
     * @param stores makes a store of that name
     */
    CairnStoreSupplier(String name, Function<String, CairnKeyValueStore> stores) {
        this.name = name;
        this.stores = stores;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public KeyValueStore<Bytes, byte[]> get() {
        return stores.apply(name);
    }

    @Override
    public String metricsScope() {
        return METRICS_SCOPE;
    }

    /** A supplier whose stores hold Kafka's timestamped values with headers. */
    static final class WithHeaders extends CairnStoreSupplier implements HeadersBytesStoreSupplier {
        /** @param name the store name */
        WithHeaders(String name) {
            super(name, HeadersCairnKeyValueStore::new);
        }
    }
}

package dev.cairn.lsm.kafka;

import java.util.Map;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslSessionParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.SessionBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * Puts every key-value store the DSL makes on its own (a {@code count()} or {@code aggregate()}
 * without {@code Materialized.as(supplier)}, a {@code KTable} source) on Cairn, in the format the
 * DSL asks for (plain, timestamped, or timestamped with headers). Window and session stores stay
 * on Kafka's RocksDB stores, which need RocksDB's JNI jar on the class path.
 *
 * <pre>{@code
 * props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, CairnDslStoreSuppliers.class);
 * }</pre>
 */
public class CairnDslStoreSuppliers implements DslStoreSuppliers {
    private final DslStoreSuppliers windowsAndSessions = new BuiltInDslStoreSuppliers.RocksDBDslStoreSuppliers();

    /** Creates the suppliers; Kafka Streams does, from the configuration. */
    public CairnDslStoreSuppliers() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
        windowsAndSessions.configure(configs);
    }

    @Override
    public KeyValueBytesStoreSupplier keyValueStore(DslKeyValueParams params) {
        return switch (params.dslStoreFormat()) {
            case PLAIN -> CairnStores.persistentKeyValueStore(params.name());
            case TIMESTAMPED -> CairnStores.persistentTimestampedKeyValueStore(params.name());
            case HEADERS -> CairnStores.persistentTimestampedKeyValueStoreWithHeaders(params.name());
        };
    }

    /** Kafka's RocksDB window store. */
    @Override
    public WindowBytesStoreSupplier windowStore(DslWindowParams params) {
        return windowsAndSessions.windowStore(params);
    }

    /** Kafka's RocksDB session store. */
    @Override
    public SessionBytesStoreSupplier sessionStore(DslSessionParams params) {
        return windowsAndSessions.sessionStore(params);
    }
}

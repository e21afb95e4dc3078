package dev.cairn.lsm.kafka;

import java.util.Objects;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;

/**
 * Cairn state stores for Kafka Streams, the pure-JVM counterpart of
 * {@code Stores.persistentKeyValueStore}. Each store lives in {@code <state.dir>/<task>/cairn/<name>},
 * keeps its committed changelog offsets with its data, restores from the changelog in large
 * batches and answers IQv2 {@code KeyQuery} and {@code RangeQuery}. Options come from a
 * {@link CairnConfig} named in the Streams configuration.
 *
 * <pre>{@code
 * builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
 *        .groupBy((k, word) -> word)
 *        .count(Materialized.as(CairnStores.persistentTimestampedKeyValueStore("counts")));
 *
 * builder.addStateStore(Stores.keyValueStoreBuilder(
 *        CairnStores.persistentKeyValueStore("totals"), Serdes.String(), Serdes.Long()));
 * }</pre>
 *
 * <p>To put every key-value store the DSL makes by itself on Cairn, configure
 * {@link CairnDslStoreSuppliers} as {@code dsl.store.suppliers.class}. Window and session stores
 * are not offered: Kafka's persistent ones are segmented (one store per time segment, dropped
 * whole when it expires), which a key-value supplier cannot express.
 */
public final class CairnStores {
    private CairnStores() {
    }

    /**
     * A persistent key-value store. Given to the DSL ({@code Materialized.as}), which keeps
     * timestamps with its values, it is wrapped in Kafka's converting adapter, as a plain RocksDB
     * supplier is; prefer {@link #persistentTimestampedKeyValueStore} there.
     *
     * @param name the store name; not null or blank, not {@code .} or {@code ..}, without a path
     *     separator or control character (it names the store's directory)
     * @return a supplier for {@code Materialized.as(...)} or {@code Stores.keyValueStoreBuilder(...)}
     */
    public static KeyValueBytesStoreSupplier persistentKeyValueStore(String name) {
        return new CairnStoreSupplier(checkName(name), CairnKeyValueStore::new);
    }

    /**
     * A persistent key-value store whose values carry a timestamp, for
     * {@code Stores.timestampedKeyValueStoreBuilder(...)} and the DSL's {@code Materialized.as(...)}:
     * values are stored as the timestamped layer hands them over, without an adapter. A store
     * written by {@link #persistentKeyValueStore} is not converted: give the timestamped store a
     * new name (or a fresh state directory) when switching.
     *
     * @param name the store name; not null or blank, not {@code .} or {@code ..}, without a path
     *     separator or control character (it names the store's directory)
     * @return a supplier whose stores hold timestamped values
     */
    public static KeyValueBytesStoreSupplier persistentTimestampedKeyValueStore(String name) {
        return new CairnStoreSupplier(checkName(name), TimestampedCairnKeyValueStore::new);
    }

    /**
     * A persistent key-value store whose values carry a timestamp and the record's headers, for
     * {@code Stores.timestampedKeyValueStoreWithHeadersBuilder(...)} and the DSL with
     * {@code dsl.store.format=headers}: values are stored as that layer hands them over. As with
     * the timestamped store, data of another layout under the same name is not converted.
     *
     * @param name the store name; not null or blank, not {@code .} or {@code ..}, without a path
     *     separator or control character (it names the store's directory)
     * @return a supplier whose stores hold timestamped values with headers
     */
    public static KeyValueBytesStoreSupplier persistentTimestampedKeyValueStoreWithHeaders(String name) {
        return new CairnStoreSupplier.WithHeaders(checkName(name));
    }

    /**
     * The name becomes a directory name under the state directory: refuses a blank name and one
     * that would lead out of it ({@code .}, {@code ..}, a path separator, a NUL or another control
     * character), before anything is created.
     */
    private static String checkName(String name) {
        Objects.requireNonNull(name, "name cannot be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (name.equals(".") || name.equals("..") || name.chars().anyMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("store name \"" + name.replaceAll("\\p{Cntrl}", "?") + "\" becomes a directory"
                    + " name under the state directory: it must not be . or .., or hold a / or \\ or a control character");
        }
        return name;
    }
}

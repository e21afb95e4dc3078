package dev.cairn.lsm.kafka;

import dev.cairn.lsm.StoreOptions;
import java.util.Map;

/**
 * Sets the Cairn options of each Kafka Streams store, as {@code RocksDBConfigSetter} does for
 * RocksDB: name an implementation under {@link #CONFIG_SETTER_CLASS_CONFIG} in the Streams
 * configuration and every Cairn store calls {@link #setConfig} on a fresh instance before it
 * opens, and {@link #close} after it closes.
 *
 * <pre>{@code
 * public class BigMemtables implements CairnConfig {
 *     public void setConfig(String storeName, StoreOptions.Builder options, Map<String, Object> configs) {
 *         options.memtableSizeBytes(64 << 20).blockCacheBytes(128L << 20);
 *     }
 * }
 * props.put(CairnConfig.CONFIG_SETTER_CLASS_CONFIG, BigMemtables.class);
 * }</pre>
 *
 * <p>An implementation needs a public no-argument constructor. One instance serves one store.
 */
public interface CairnConfig {
    /**
     * The Streams configuration key naming the {@code CairnConfig} class (a {@link Class} or its
     * fully qualified name).
     */
    String CONFIG_SETTER_CLASS_CONFIG = "cairn.config.setter";

    /**
     * The Streams configuration key saying whether a commit fsyncs ({@code true}, the default, or
     * {@code false}). Synced, the committed offsets and every record before them survive a power
     * cut. Unsynced, a commit costs a log append only and survives the process being killed; after
     * a power cut the log comes back as a prefix, so the offsets found still describe the records
     * found (older ones, replayed from the changelog), which is what Kafka's RocksDB store, whose
     * write-ahead log is off, promises too.
     */
    String COMMIT_SYNC_CONFIG = "cairn.commit.sync";

    /**
     * Adjusts the options one store opens with. The builder starts from
     * {@link StoreOptions#defaults()}; the store chooses its directory itself.
     *
     * @param storeName the Kafka Streams store name
     * @param options the options to adjust
     * @param configs the whole Streams configuration
     */
    void setConfig(String storeName, StoreOptions.Builder options, Map<String, Object> configs);

    /**
     * Called once the store has closed, to release what {@link #setConfig} made (a listener's
     * resources, for example). Does nothing by default.
     *
     * @param storeName the Kafka Streams store name
     * @param options the options the store was opened with
     */
    default void close(String storeName, StoreOptions options) {
    }
}

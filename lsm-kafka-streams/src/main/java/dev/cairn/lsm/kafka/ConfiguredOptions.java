package dev.cairn.lsm.kafka;

import dev.cairn.lsm.StoreOptions;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * The options a store opens with, after the {@link CairnConfig} named in the Streams
 * configuration (if any) has adjusted them, and that config instance, which the store tells when
 * it closes. Immutable.
 *
 * @param options the options to open with
 * @param setter the config that set them, or null when none is configured
 * @param syncCommits whether commits fsync ({@link CairnConfig#COMMIT_SYNC_CONFIG})
 */
record ConfiguredOptions(StoreOptions options, CairnConfig setter, boolean syncCommits) {

    /**
     * @param storeName the Kafka Streams store name
     * @param configs the Streams configuration
     * @return the options for that store
     * @throws ConfigException if {@link CairnConfig#CONFIG_SETTER_CLASS_CONFIG} names no usable class
     */
    static ConfiguredOptions resolve(String storeName, Map<String, Object> configs) {
        StoreOptions.Builder builder = StoreOptions.builder();
        boolean syncCommits = syncCommits(configs.get(CairnConfig.COMMIT_SYNC_CONFIG));
        Object named = configs.get(CairnConfig.CONFIG_SETTER_CLASS_CONFIG);
        if (named == null) {
            return new ConfiguredOptions(builder.build(), null, syncCommits);
        }
        CairnConfig setter = instantiate(named);
        setter.setConfig(storeName, builder, configs);
        return new ConfiguredOptions(builder.build(), setter, syncCommits);
    }

    private static boolean syncCommits(Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(CairnConfig.COMMIT_SYNC_CONFIG, value, "must be true or false");
    }

    /** Tells the config, if any, that its store has closed. */
    void closed(String storeName) {
        if (setter != null) {
            setter.close(storeName, options);
        }
    }

    private static CairnConfig instantiate(Object named) {
        String key = CairnConfig.CONFIG_SETTER_CLASS_CONFIG;
        Class<?> type;
        try {
            if (named instanceof Class<?> c) {
                type = c;
            } else if (named instanceof String className) {
                type = Class.forName(className.trim(), true, Thread.currentThread().getContextClassLoader());
            } else {
                throw new ConfigException(key, named, "must be a Class or a class name");
            }
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, named, "class not found");
        }
        if (!CairnConfig.class.isAssignableFrom(type)) {
            throw new ConfigException(key, named, "must implement " + CairnConfig.class.getName());
        }
        try {
            return (CairnConfig) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(key, named, "needs a public no-argument constructor (" + e + ")");
        }
    }
}

package dev.cairn.lsm.kafka;

import org.apache.kafka.streams.state.TimestampedBytesStore;

/**
 * A {@link CairnKeyValueStore} whose values are already in Kafka's timestamped layout (8-byte
 * timestamp, then the value): the {@link TimestampedBytesStore} marker tells
 * {@code Stores.timestampedKeyValueStoreBuilder} and the DSL to store values as they come instead
 * of wrapping the store in a converting adapter. Nothing else differs.
 */
final class TimestampedCairnKeyValueStore extends CairnKeyValueStore implements TimestampedBytesStore {
    /** @param name the store name */
    TimestampedCairnKeyValueStore(String name) {
        super(name);
    }
}

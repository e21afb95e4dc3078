package dev.cairn.lsm.kafka;

import org.apache.kafka.streams.state.HeadersBytesStore;

/**
 * A {@link CairnKeyValueStore} whose values are already in Kafka's timestamped-with-headers layout:
 * the {@link HeadersBytesStore} marker tells Kafka's builders and the DSL (with
 * {@code dsl.store.format=headers}) to store values as they come instead of wrapping the store in
 * a converting adapter. Nothing else differs.
 */
final class HeadersCairnKeyValueStore extends CairnKeyValueStore implements HeadersBytesStore {
    /** @param name the store name */
    HeadersCairnKeyValueStore(String name) {
        super(name);
    }
}

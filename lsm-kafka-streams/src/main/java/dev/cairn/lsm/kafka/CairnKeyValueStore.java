package dev.cairn.lsm.kafka;

import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Streams {@code KeyValueStore<Bytes, byte[]>} on one Cairn store in
 * {@code <state dir>/cairn/<name>}. Records live in {@link KeySpace}'s record space; committed
 * changelog offsets, the query position and the open status beside them ({@link Bookkeeping}).
 *
 * <p>Durability: a write reaches the operating system before it returns (it survives the process
 * being killed); {@link #commit} writes the changelog offsets and the query position as one
 * batch, synced unless {@link CairnConfig#COMMIT_SYNC_CONFIG} says otherwise, and because the log
 * is one ordered stream, every record written before the commit is on disk with it. A crash can leave records written after the last commit: at-least-once
 * processing replays the changelog from the committed offset over them (a key-value changelog is
 * idempotent), and an exactly-once store that was not closed cleanly reports itself corrupted at
 * open, so Kafka Streams wipes and restores it, as it does for RocksDB.
 *
 * <p>The stream thread writes; interactive queries may read from other threads (Cairn reads never
 * block on writers). Iterators are closed by their caller, and by {@link #close} if still open.
 */
class CairnKeyValueStore implements KeyValueStore<Bytes, byte[]>, BatchingStateRestoreCallback {
    private static final Logger log = LoggerFactory.getLogger(CairnKeyValueStore.class);
    /** A restore batch is written once it grows past this, well under Cairn's batch limit. */
    private static final int RESTORE_BATCH_BYTES = 32 << 20;
    private static final String STORE_ROOT = "cairn";

    private final String name;
    private final Set<RecordIterator> openIterators = ConcurrentHashMap.newKeySet();
    private volatile LsmStore db;
    private StateStoreContext context;
    private ConfiguredOptions configured;
    private Position position = Position.emptyPosition();
    private volatile boolean open;

    /** @param name the store name, also its directory name */
    CairnKeyValueStore(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        this.context = context;
        Map<String, Object> configs = context.appConfigs();
        configured = ConfiguredOptions.resolve(name, configs);
        Path dir = context.stateDir().toPath().resolve(STORE_ROOT).resolve(name);
        try {
            Files.createDirectories(dir);
            db = LsmStore.open(dir, configured.options());
        } catch (IOException | LsmException e) {
            throw new ProcessorStateException("could not open Cairn store " + name + " in " + dir, e);
        }
        boolean exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(configs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        if (exactlyOnce && Bookkeeping.leftOpen(db)) {
            closeEngine();
            throw new TaskCorruptedException(Set.of(context.taskId()), new ProcessorStateException(
                    "Cairn store " + name + " was not closed cleanly; under exactly-once it may hold"
                    + " uncommitted records, so it is wiped and restored from the changelog"));
        }
        WriteBatch status = new WriteBatch();
        Bookkeeping.addStatus(status, true);
        db.write(status, WriteOptions.sync());
        position = Bookkeeping.position(db);
        context.register(root, this);
        open = true;
        log.debug("opened Cairn store {} in {} (position {})", name, dir, position);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        Objects.requireNonNull(key, "key cannot be null");
        LsmStore store = openStore();
        try {
            if (value == null) {
                store.delete(KeySpace.record(key.get()));
            } else {
                store.put(KeySpace.record(key.get()), value);
            }
        } catch (LsmException e) {
            throw new ProcessorStateException("error writing to Cairn store " + name, e);
        }
        advancePosition();
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        Objects.requireNonNull(key, "key cannot be null");
        byte[] existing = get(key);
        if (existing == null) {
            put(key, value);
        }
        return existing;
    }

    /** Writes every entry (a null value deletes its key) as one atomic Cairn batch. */
    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        WriteBatch batch = new WriteBatch();
        for (KeyValue<Bytes, byte[]> entry : entries) {
            Objects.requireNonNull(entry.key, "key cannot be null");
            addTo(batch, entry.key.get(), entry.value);
        }
        write(batch, WriteOptions.defaults());
        advancePosition();
    }

    @Override
    public byte[] delete(Bytes key) {
        Objects.requireNonNull(key, "key cannot be null");
        byte[] old = get(key);
        put(key, null);
        return old;
    }

    @Override
    public byte[] get(Bytes key) {
        Objects.requireNonNull(key, "key cannot be null");
        try {
            return openStore().get(KeySpace.record(key.get()));
        } catch (LsmException e) {
            throw new ProcessorStateException("error reading from Cairn store " + name, e);
        }
    }

    /** Keys from {@code from} to {@code to}, both inclusive; a null bound is open; from > to is empty. */
    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return range(from, to, false);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return range(from, to, true);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return range(null, null, false);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return range(null, null, true);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        Objects.requireNonNull(prefix, "prefix cannot be null");
        Objects.requireNonNull(prefixKeySerializer, "prefixKeySerializer cannot be null");
        byte[] first = KeySpace.record(prefixKeySerializer.serialize(null, prefix));
        return iterate(first, KeySpace.prefixEnd(first), false);
    }

    @Override
    public long approximateNumEntries() {
        return EntryEstimate.of(openStore());
    }

    /**
     * Writes the changelog offsets and the query position as one batch, synced by default: once it
     * returns, they and every record written before them are on disk.
     */
    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        if (!open) {
            return;
        }
        WriteBatch batch = new WriteBatch();
        Bookkeeping.addOffsets(batch, changelogOffsets);
        Bookkeeping.addPosition(batch, position.copy());
        write(batch, configured.syncCommits() ? WriteOptions.sync() : WriteOptions.noSync());
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        try {
            return Bookkeeping.committedOffset(openStore(), partition);
        } catch (LsmException e) {
            throw new ProcessorStateException("error reading the committed offset of " + partition
                    + " from Cairn store " + name, e);
        }
    }

    /** @return true: the committed changelog offsets are kept in the store, with the data */
    @Override
    @Deprecated
    public boolean managesOffsets() {
        return true;
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return StoreQueries.execute(this, position, context.taskId().partition(), query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return position;
    }

    /** Restores changelog records (a null value is a deletion) through large unsynced batches. */
    @Override
    public void restoreAll(java.util.Collection<KeyValue<byte[], byte[]>> records) {
        WriteBatch batch = new WriteBatch();
        for (KeyValue<byte[], byte[]> record : records) {
            addTo(batch, record.key, record.value);
            if (batch.approximateSize() >= RESTORE_BATCH_BYTES) {
                write(batch, WriteOptions.noSync());
                batch.clear();
            }
        }
        write(batch, WriteOptions.noSync());
    }

    /** Closes open iterators, records a clean close and closes the engine. Idempotent. */
    @Override
    public synchronized void close() {
        if (!open) {
            return;
        }
        open = false;
        if (!openIterators.isEmpty()) {
            log.warn("closing {} open iterator(s) of Cairn store {}", openIterators.size(), name);
            for (RecordIterator iterator : List.copyOf(openIterators)) {
                iterator.close();
            }
        }
        try {
            WriteBatch status = new WriteBatch();
            Bookkeeping.addStatus(status, false);
            db.write(status, WriteOptions.sync());
        } finally {
            closeEngine();
            configured.closed(name);
        }
    }

    private KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to, boolean reverse) {
        if (from != null && to != null && from.compareTo(to) > 0) {
            log.warn("range from {} to {} of store {} is empty: from is greater than to", from, to, name);
            return iterate(KeySpace.RECORDS_FIRST, KeySpace.RECORDS_FIRST, reverse);
        }
        byte[] lower = from == null ? KeySpace.RECORDS_FIRST : KeySpace.record(from.get());
        // the first key after `to` is `to` followed by a zero byte
        byte[] upper = to == null ? KeySpace.RECORDS_END : Arrays.copyOf(KeySpace.record(to.get()), to.get().length + 2);
        return iterate(lower, upper, reverse);
    }

    private KeyValueIterator<Bytes, byte[]> iterate(byte[] lower, byte[] upper, boolean reverse) {
        LsmStore store = openStore();
        RecordIterator iterator = new RecordIterator(name, store.newCursor(), lower, upper, reverse, openIterators::remove);
        openIterators.add(iterator);
        if (!open) {    // the store closed meanwhile: it may not have seen this iterator
            iterator.close();
        }
        return iterator;
    }

    private void addTo(WriteBatch batch, byte[] key, byte[] value) {
        if (value == null) {
            batch.delete(KeySpace.record(key));
        } else {
            batch.put(KeySpace.record(key), value);
        }
    }

    private void write(WriteBatch batch, WriteOptions options) {
        if (batch.count() == 0) {
            return;
        }
        try {
            openStore().write(batch, options);
        } catch (LsmException e) {
            throw new ProcessorStateException("error writing to Cairn store " + name, e);
        }
    }

    private void advancePosition() {
        context.recordMetadata().ifPresent(record -> {
            if (record.topic() != null) {
                position.withComponent(record.topic(), record.partition(), record.offset());
            }
        });
    }

    private LsmStore openStore() {
        if (!open) {
            throw new InvalidStateStoreException("Cairn store " + name + " is not open");
        }
        return db;
    }

    private void closeEngine() {
        try {
            db.close();
        } catch (LsmException e) {
            log.error("closing Cairn store {} failed", name, e);
        }
    }
}

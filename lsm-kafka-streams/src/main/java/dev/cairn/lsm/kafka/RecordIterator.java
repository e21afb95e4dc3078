package dev.cairn.lsm.kafka;

import dev.cairn.lsm.Cursor;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Kafka's {@link KeyValueIterator} over one range of a store's record space, forwards or backwards,
 * read through one Cairn {@link Cursor} (so at the snapshot taken when the iterator was opened).
 * The caller closes it; the store closes every iterator still open when it closes itself, after
 * which any call but {@code close} throws {@link InvalidStateStoreException}, as Kafka's stores do.
 * Not thread-safe, like the cursor it wraps.
 */
final class RecordIterator implements KeyValueIterator<Bytes, byte[]> {
    private final String storeName;
    private final Cursor cursor;
    private final byte[] lowerInclusive;
    private final byte[] upperExclusive;
    private final boolean reverse;
    private final Consumer<RecordIterator> onClose;
    /** The stored key under the cursor while it is inside the range, else null. */
    private byte[] current;
    private boolean closed;

    /**
     * @param storeName the store's name, for messages
     * @param cursor a fresh cursor the iterator owns
     * @param lowerInclusive first stored key of the range
     * @param upperExclusive first stored key past the range
     * @param reverse whether to run from the top of the range down
     * @param onClose told once when the iterator closes
     */
    RecordIterator(String storeName, Cursor cursor, byte[] lowerInclusive, byte[] upperExclusive,
                   boolean reverse, Consumer<RecordIterator> onClose) {
        this.storeName = storeName;
        this.cursor = cursor;
        this.lowerInclusive = lowerInclusive;
        this.upperExclusive = upperExclusive;
        this.reverse = reverse;
        this.onClose = onClose;
        if (reverse) {
            cursor.seekForPrev(upperExclusive);
            if (cursor.isValid() && Arrays.compareUnsigned(cursor.key(), upperExclusive) >= 0) {
                cursor.prev();
            }
        } else {
            cursor.seek(lowerInclusive);
        }
        load();
    }

    @Override
    public boolean hasNext() {
        checkOpen();
        return current != null;
    }

    @Override
    public KeyValue<Bytes, byte[]> next() {
        checkOpen();
        if (current == null) {
            throw new NoSuchElementException("no more records in this range of store " + storeName);
        }
        KeyValue<Bytes, byte[]> record = KeyValue.pair(Bytes.wrap(KeySpace.kafkaKey(current)), cursor.value());
        if (reverse) {
            cursor.prev();
        } else {
            cursor.next();
        }
        load();
        return record;
    }

    @Override
    public Bytes peekNextKey() {
        checkOpen();
        if (current == null) {
            throw new NoSuchElementException("no more records in this range of store " + storeName);
        }
        return Bytes.wrap(KeySpace.kafkaKey(current));
    }

    /** Releases the cursor and its snapshot. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            current = null;
            cursor.close();
            onClose.accept(this);
        }
    }

    private void load() {
        if (!cursor.isValid()) {
            current = null;
            return;
        }
        byte[] key = cursor.key();
        boolean inside = Arrays.compareUnsigned(key, lowerInclusive) >= 0
                && Arrays.compareUnsigned(key, upperExclusive) < 0;
        current = inside ? key : null;
    }

    private void checkOpen() {
        if (closed) {
            throw new InvalidStateStoreException("an iterator over store " + storeName + " was closed"
                    + " (by its caller, or because the store closed)");
        }
    }
}

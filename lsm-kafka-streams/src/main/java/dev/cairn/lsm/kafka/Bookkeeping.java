package dev.cairn.lsm.kafka;

import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.WriteBatch;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.query.Position;

/**
 * The store's own entries in the bookkeeping space of {@link KeySpace}: the changelog offset last
 * committed per partition ({@code offset:<topic>-<partition>}, 8 bytes big-endian), the query
 * position at that commit ({@code position}, {@link PositionCodec}), and the status
 * ({@code status}: 1 open, 0 closed) that tells an exactly-once store whether it was closed
 * cleanly. Writers add these to a {@link WriteBatch} so they land with the data they describe.
 * Stateless; reads go to the store given.
 */
final class Bookkeeping {
    private static final String OFFSET_PREFIX = "offset:";
    private static final byte[] OFFSETS_FIRST = KeySpace.meta(OFFSET_PREFIX);
    private static final byte[] OFFSETS_END = KeySpace.prefixEnd(OFFSETS_FIRST);
    private static final byte[] POSITION = KeySpace.meta("position");
    private static final byte[] STATUS = KeySpace.meta("status");
    private static final byte[] OPEN = {1};
    private static final byte[] CLOSED = {0};

    private Bookkeeping() {
    }

    /**
     * Adds the committed offsets to {@code batch}: a null offset removes the partition's entry, and
     * an empty map removes every offset (Kafka's signal that the store's state is not tied to any
     * changelog position, as after a wipe).
     *
     * @param batch the batch carrying the commit
     * @param offsets changelog offsets of the most recently written records
     */
    static void addOffsets(WriteBatch batch, Map<TopicPartition, Long> offsets) {
        if (offsets.isEmpty()) {
            batch.deleteRange(OFFSETS_FIRST, OFFSETS_END);
            return;
        }
        for (Map.Entry<TopicPartition, Long> entry : offsets.entrySet()) {
            byte[] key = offsetKey(entry.getKey());
            if (entry.getValue() == null) {
                batch.delete(key);
            } else {
                batch.put(key, ByteBuffer.allocate(Long.BYTES).putLong(entry.getValue()).array());
            }
        }
    }

    /**
     * @param db the store
     * @param partition a changelog partition
     * @return the offset last committed for it, or null
     */
    static Long committedOffset(LsmStore db, TopicPartition partition) {
        byte[] value = db.get(offsetKey(partition));
        return value == null ? null : ByteBuffer.wrap(value).getLong();
    }

    /**
     * @param batch the batch carrying the commit
     * @param position the query position the commit's records reach
     */
    static void addPosition(WriteBatch batch, Position position) {
        batch.put(POSITION, PositionCodec.encode(position));
    }

    /**
     * @param db the store
     * @return the position stored at the last commit, or an empty one
     */
    static Position position(LsmStore db) {
        byte[] value = db.get(POSITION);
        return value == null ? Position.emptyPosition() : PositionCodec.decode(value);
    }

    /**
     * @param db the store
     * @return true when the store was opened and not closed cleanly since
     */
    static boolean leftOpen(LsmStore db) {
        byte[] value = db.get(STATUS);
        return value != null && value[0] == OPEN[0];
    }

    /**
     * @param batch the batch that marks the store open or closed
     * @param open the status to record
     */
    static void addStatus(WriteBatch batch, boolean open) {
        batch.put(STATUS, open ? OPEN : CLOSED);
    }

    private static byte[] offsetKey(TopicPartition partition) {
        return KeySpace.meta(OFFSET_PREFIX + partition);
    }
}

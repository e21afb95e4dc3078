package dev.cairn.lsm.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.query.Position;

/**
 * The bytes of a query {@link Position} as the store keeps it beside its committed offsets:
 * a version byte (0), the topic count, then per topic its UTF-8 name (length-prefixed), its
 * partition count and each partition's number and offset. Big-endian, like the rest of Kafka.
 * Stateless.
 */
final class PositionCodec {
    private static final byte VERSION = 0;

    private PositionCodec() {
    }

    /**
     * @param position the position to write
     * @return its bytes
     */
    static byte[] encode(Position position) {
        Map<String, byte[]> names = new HashMap<>();
        int size = 1 + 4;
        for (String topic : position.getTopics()) {
            byte[] name = topic.getBytes(StandardCharsets.UTF_8);
            names.put(topic, name);
            size += 4 + name.length + 4 + position.getPartitionPositions(topic).size() * (4 + 8);
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(VERSION).putInt(names.size());
        for (Map.Entry<String, byte[]> topic : names.entrySet()) {
            Map<Integer, Long> partitions = position.getPartitionPositions(topic.getKey());
            out.putInt(topic.getValue().length).put(topic.getValue()).putInt(partitions.size());
            partitions.forEach((partition, offset) -> out.putInt(partition).putLong(offset));
        }
        return out.array();
    }

    /**
     * @param bytes bytes written by {@link #encode}
     * @return the position they hold
     * @throws IllegalStateException if the bytes are not a position this codec wrote
     */
    static Position decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalStateException("unknown position format version " + version);
            }
            Map<String, Map<Integer, Long>> topics = new HashMap<>();
            for (int t = in.getInt(); t > 0; t--) {
                byte[] name = new byte[in.getInt()];
                in.get(name);
                Map<Integer, Long> partitions = new HashMap<>();
                for (int p = in.getInt(); p > 0; p--) {
                    partitions.put(in.getInt(), in.getLong());
                }
                topics.put(new String(name, StandardCharsets.UTF_8), partitions);
            }
            return Position.fromMap(topics);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the stored query position is damaged (" + bytes.length + " bytes)", e);
        }
    }
}

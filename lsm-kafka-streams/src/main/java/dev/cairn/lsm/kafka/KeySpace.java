package dev.cairn.lsm.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How one Cairn store holds a Kafka Streams store's records and its bookkeeping side by side. A
 * record's key is stored behind the byte {@code 0x01}; the store's own entries (committed changelog
 * offsets, the query position, the open/closed status) live behind {@code 0x00}. Kafka keys may be
 * any bytes, so only a prefix keeps the two apart, and keeping them in ONE store is what lets a
 * commit write the offsets in the same log record stream as the data they describe. Stateless.
 */
final class KeySpace {
    /** The first stored key of the record space (the empty Kafka key). */
    static final byte[] RECORDS_FIRST = {0x01};
    /** The first stored key past the record space. */
    static final byte[] RECORDS_END = {0x02};
    private static final byte RECORD = 0x01;
    private static final byte META = 0x00;

    private KeySpace() {
    }

    /**
     * @param key a Kafka key
     * @return the stored key of that record
     */
    static byte[] record(byte[] key) {
        byte[] stored = new byte[key.length + 1];
        stored[0] = RECORD;
        System.arraycopy(key, 0, stored, 1, key.length);
        return stored;
    }

    /**
     * @param stored a stored key of the record space
     * @return the Kafka key it holds
     */
    static byte[] kafkaKey(byte[] stored) {
        return Arrays.copyOfRange(stored, 1, stored.length);
    }

    /**
     * @param name the name of a bookkeeping entry
     * @return its stored key
     */
    static byte[] meta(String name) {
        byte[] text = name.getBytes(StandardCharsets.UTF_8);
        byte[] stored = new byte[text.length + 1];
        stored[0] = META;
        System.arraycopy(text, 0, stored, 1, text.length);
        return stored;
    }

    /**
     * The smallest stored key greater than every stored key that starts with {@code prefix}: the
     * prefix with its last byte below 0xFF incremented and the rest cut off.
     *
     * @param prefix a stored-key prefix (never all 0xFF here: stored keys begin with 0x00 or 0x01)
     * @return the exclusive upper bound of the keys sharing the prefix
     */
    static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        throw new IllegalStateException("no stored-key prefix is all 0xFF");
    }
}

// The values the txn workload reads and writes: a long counter in a 100-byte value. Stateless.
package dev.cairn.bench.txn;

import java.nio.ByteBuffer;

/** Encodes and decodes the transfer counters. */
public final class Counters {
    /** Bytes of every value written. */
    public static final int VALUE_SIZE = 100;

    private Counters() {
    }

    /**
     * @param v the counter
     * @return a {@link #VALUE_SIZE}-byte value starting with it
     */
    public static byte[] encode(long v) {
        return ByteBuffer.allocate(VALUE_SIZE).putLong(v).array();
    }

    /**
     * @param value a value from {@link #encode}, or null for a key never written
     * @return the counter, 0 for null
     */
    public static long decode(byte[] value) {
        return value == null ? 0 : ByteBuffer.wrap(value).getLong();
    }
}

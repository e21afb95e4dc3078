// One worker's handle on a store under test. A session is used by exactly one thread (or one
// coroutine at a time); it may keep per-thread state such as an LMDB transaction. Writes a
// session buffers (LMDB batches 1000 puts per transaction) become visible at close() at the
// latest.
package dev.cairn.bench.store;

/** One worker's connection to a {@link BenchStore}; not thread-safe, used by one worker. */
public interface Session extends AutoCloseable {

    /**
     * Stores a value.
     *
     * @param key the key
     * @param value the value; the store may keep the array
     * @param sync whether the write must be fsynced before this returns
     */
    void put(byte[] key, byte[] value, boolean sync);

    /**
     * @param key the key
     * @return the value, or null when absent
     */
    byte[] get(byte[] key);

    /**
     * Merges an operand into {@code key} with the store's 64-bit unsigned add operator (8-byte
     * little-endian counters, RocksDB's {@code UInt64AddOperator}).
     *
     * @param key the counter's key
     * @param operand 8 bytes, little-endian
     * @throws UnsupportedOperationException when the store has no merge operators (the default)
     */
    default void merge(byte[] key, byte[] operand) {
        throw new UnsupportedOperationException("no merge operators");
    }

    /** @param key the key to remove */
    void delete(byte[] key);

    /**
     * Positions at the first key at or after {@code key} and then steps forward {@code nexts}
     * times, reading every key and value passed.
     *
     * @param key the seek target
     * @param nexts how many entries to step over after the seek
     * @return how many entries were read
     */
    int seekAndNext(byte[] key, int nexts);

    /**
     * @param reverse whether to scan from the last key backwards
     * @return a cursor over the whole store; close it when done
     */
    ScanCursor scan(boolean reverse);

    /** Commits anything buffered and releases the session's resources. */
    @Override
    void close();
}

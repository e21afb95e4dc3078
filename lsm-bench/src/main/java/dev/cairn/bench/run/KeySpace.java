// db_bench-style keys: key i is the 16-byte zero-padded decimal of i. Stateless, thread-safe.
package dev.cairn.bench.run;

/** Turns key numbers into the 16-byte keys every store sees. */
public final class KeySpace {
    /** Length of a stored key. */
    public static final int KEY_SIZE = 16;

    private KeySpace() {
    }

    /**
     * @param i a key number, 0 &lt;= i &lt; 10^16
     * @return a fresh 16-byte array holding i in zero-padded decimal
     */
    public static byte[] key(long i) {
        return digits(i, new byte[KEY_SIZE]);
    }

    /**
     * @param i a key number
     * @return 'c' followed by key(i): a counter key, apart from every key the other workloads write
     */
    public static byte[] counterKey(long i) {
        byte[] k = new byte[KEY_SIZE + 1];
        k[0] = 'c';
        System.arraycopy(key(i), 0, k, 1, KEY_SIZE);
        return k;
    }

    /** The operand of one counter increment: 1 as an 8-byte little-endian unsigned integer. */
    public static byte[] counterIncrement() {
        return new byte[] {1, 0, 0, 0, 0, 0, 0, 0};
    }

    /**
     * @param i a key number
     * @return key(i) followed by '.', a key that sorts just after key(i) and is never written
     */
    public static byte[] missingKey(long i) {
        byte[] k = digits(i, new byte[KEY_SIZE + 1]);
        k[KEY_SIZE] = '.';
        return k;
    }

    /** Writes i's zero-padded decimal into the first KEY_SIZE bytes of {@code k}; returns k. */
    private static byte[] digits(long i, byte[] k) {
        long v = i;
        for (int p = KEY_SIZE - 1; p >= 0; p--) {
            k[p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return k;
    }
}

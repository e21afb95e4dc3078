// The keys and values every benchmark uses: lsm-bench's 16-byte zero-padded decimal keys and
// 100-byte values, and seeded random probe orders. Stateless, thread-safe.
package dev.cairn.lsm.jmh;

import java.util.SplittableRandom;

/** Keys, values and probe orders shared by the benchmarks. */
public final class Keys {
    /** Bytes per key. */
    public static final int KEY_SIZE = 16;
    /** Bytes per value. */
    public static final int VALUE_SIZE = 100;
    /** Probes a benchmark cycles through (a power of two). */
    public static final int PROBES = 1 << 12;

    private Keys() {
    }

    /**
     * @param i a key number below 10^16
     * @return the 16-byte zero-padded decimal of i
     */
    public static byte[] key(long i) {
        byte[] k = new byte[KEY_SIZE];
        long v = i;
        for (int p = KEY_SIZE - 1; p >= 0; p--) {
            k[p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return k;
    }

    /**
     * @param i a key number
     * @return key(i) followed by '.': sorts just after key(i), never written
     */
    public static byte[] missingKey(long i) {
        byte[] k = new byte[KEY_SIZE + 1];
        System.arraycopy(key(i), 0, k, 0, KEY_SIZE);
        k[KEY_SIZE] = '.';
        return k;
    }

    /**
     * @param i any number
     * @return a 100-byte value of printable bytes
     */
    public static byte[] value(long i) {
        byte[] v = new byte[VALUE_SIZE];
        for (int j = 0; j < VALUE_SIZE; j++) {
            v[j] = (byte) (' ' + (i * 31 + j) % 95);
        }
        return v;
    }

    /**
     * @param count the key range [0, count)
     * @param seed the seed
     * @return {@link #PROBES} key numbers drawn uniformly from the range
     */
    public static long[] probes(long count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] probes = new long[PROBES];
        for (int i = 0; i < PROBES; i++) {
            probes[i] = random.nextLong(count);
        }
        return probes;
    }
}

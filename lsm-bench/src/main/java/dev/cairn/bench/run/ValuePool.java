// Half-compressible values the way db_bench makes them: each 100-byte stretch is 50 random
// printable bytes repeated. Immutable after construction, thread-safe.
package dev.cairn.bench.run;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Hands out fresh value arrays cut from a 1 MiB seeded pool of half-compressible bytes. */
public final class ValuePool {
    private static final int POOL_SIZE = 1 << 20;

    private final byte[] pool;
    private final int valueSize;

    /**
     * @param valueSize bytes per value, 1 to 64 KiB
     * @param seed the seed for the pool's random bytes
     */
    public ValuePool(int valueSize, long seed) {
        if (valueSize < 1 || valueSize > 65536) {
            throw new IllegalArgumentException("value size must be between 1 and 65536, was " + valueSize);
        }
        this.valueSize = valueSize;
        this.pool = new byte[POOL_SIZE + valueSize];
        SplittableRandom random = new SplittableRandom(seed);
        int piece = Math.max(2, Math.min(100, valueSize));
        int at = 0;
        while (at < pool.length) {
            int raw = piece / 2;
            for (int i = 0; i < piece && at + i < pool.length; i++) {
                pool[at + i] = i < raw ? (byte) (' ' + random.nextInt(95)) : pool[at + i - raw];
            }
            at += piece;
        }
    }

    /** @return bytes per value */
    public int valueSize() {
        return valueSize;
    }

    /**
     * @param i any number; different numbers give different stretches of the pool
     * @return a fresh array (stores may keep the arrays they are given)
     */
    public byte[] value(long i) {
        int offset = (int) Math.floorMod(i * 7919L, (long) POOL_SIZE);
        return Arrays.copyOfRange(pool, offset, offset + valueSize);
    }
}

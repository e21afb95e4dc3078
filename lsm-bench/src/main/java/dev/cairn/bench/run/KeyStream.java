// The sequence of key numbers one worker visits. Not thread-safe: one per worker.
package dev.cairn.bench.run;

import java.util.SplittableRandom;

/** Yields key numbers for one worker: in order, from a shuffled slice, or uniformly at random. */
public abstract class KeyStream {

    /** @return the next key number */
    public abstract long next();

    /**
     * @param first the first key number
     * @return first, first + 1, ...
     */
    public static KeyStream sequential(long first) {
        return new KeyStream() {
            private long next = first;

            @Override
            public long next() {
                return next++;
            }
        };
    }

    /**
     * @param order a shuffled array of key numbers, shared read-only between workers
     * @param from where this worker's slice starts; it wraps around at the end
     * @return order[from], order[from + 1], ...
     */
    public static KeyStream slice(int[] order, int from) {
        return new KeyStream() {
            private int at = from;

            @Override
            public long next() {
                if (at >= order.length) {
                    at = 0;
                }
                return order[at++];
            }
        };
    }

    /**
     * @param num keys are drawn from [0, num)
     * @param seed the seed
     * @return independent uniform draws
     */
    public static KeyStream uniform(long num, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new KeyStream() {
            @Override
            public long next() {
                return random.nextLong(num);
            }
        };
    }

    /**
     * @param num size of the permutation
     * @param seed the seed
     * @return 0..num-1 in a seeded random order (Fisher–Yates)
     */
    public static int[] shuffled(int num, long seed) {
        int[] order = new int[num];
        for (int i = 0; i < num; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = num - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}

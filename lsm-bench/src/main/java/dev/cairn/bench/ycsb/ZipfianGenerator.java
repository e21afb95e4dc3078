// A Zipfian distribution over item numbers [0, items), item 0 the most popular, drawn by the
// closed-form inversion of Gray et al. ("Quickly generating billion-record synthetic databases",
// SIGMOD 1994): with zeta(n) = sum over i = 1..n of 1 / i^theta,
//   alpha = 1 / (1 - theta),  eta = (1 - (2/n)^(1 - theta)) / (1 - zeta(2) / zeta(n)),
// a uniform u in [0, 1) gives 0 when u * zeta(n) < 1, 1 when it is below 1 + 0.5^theta, and
// otherwise floor(n * (eta * u - eta + 1)^alpha). Written here from that formula. The
// parameters are computed once (zeta(n) is O(n)); draws take the caller's random source, so one
// generator is shared read-only by every worker of a phase. Immutable, thread-safe.
package dev.cairn.bench.ycsb;

import java.util.SplittableRandom;

/** Zipf-distributed item numbers, item 0 the hottest. */
public final class ZipfianGenerator {
    /** The skew YCSB's core workloads use. */
    public static final double YCSB_THETA = 0.99;

    private final long items;
    private final double theta;
    private final double zetaN;
    private final double alpha;
    private final double eta;
    private final double secondThreshold;

    /**
     * @param items how many items, at least 1
     * @param theta the skew, 0 &lt; theta &lt; 1
     * @throws IllegalArgumentException on an empty range or a skew outside (0, 1)
     */
    public ZipfianGenerator(long items, double theta) {
        if (items < 1) {
            throw new IllegalArgumentException("a zipfian distribution needs at least 1 item, was " + items);
        }
        if (!(theta > 0 && theta < 1)) {
            throw new IllegalArgumentException("zipfian theta must be in (0, 1), was " + theta);
        }
        this.items = items;
        this.theta = theta;
        this.zetaN = zeta(items, theta);
        this.alpha = 1 / (1 - theta);
        double zeta2 = zeta(2, theta);
        this.eta = (1 - Math.pow(2.0 / items, 1 - theta)) / (1 - zeta2 / zetaN);
        this.secondThreshold = 1 + Math.pow(0.5, theta);
    }

    /** @return the number of items */
    public long items() {
        return items;
    }

    /**
     * @param random the caller's random source
     * @return an item number in [0, items), 0 the most frequent
     */
    public long next(SplittableRandom random) {
        double u = random.nextDouble();
        double uz = u * zetaN;
        if (uz < 1) {
            return 0;
        }
        if (uz < secondThreshold && items > 1) {
            return 1;
        }
        long item = (long) (items * Math.pow(eta * u - eta + 1, alpha));
        return Math.min(item, items - 1);
    }

    /** @return sum over i = 1..n of 1 / i^theta */
    static double zeta(long n, double theta) {
        double sum = 0;
        for (long i = 1; i <= n; i++) {
            sum += 1 / Math.pow(i, theta);
        }
        return sum;
    }

    /**
     * Scatters a zipfian rank over the item range (YCSB's "scrambled" zipfian: the hot items are
     * not the lowest key numbers but spread over the key space) with the 64-bit FNV-1a hash of
     * its eight bytes.
     *
     * @param rank a draw of {@link #next}
     * @param range the item range to land in
     * @return a number in [0, range)
     */
    public static long scramble(long rank, long range) {
        long h = 0xcbf29ce484222325L;
        long v = rank;
        for (int i = 0; i < 8; i++) {
            h ^= v & 0xff;
            h *= 0x100000001b3L;
            v >>>= 8;
        }
        return Math.floorMod(h, range);
    }

    @Override
    public String toString() {
        return "zipfian(" + items + " items, theta " + theta + ")";
    }
}

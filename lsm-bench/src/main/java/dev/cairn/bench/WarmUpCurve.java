// JIT warm-up read off a run's progress marks: the time stamped after every `every` operations
// gives each chunk's throughput; the steady throughput is the median of the last third of the
// chunks, and the warm-up is the time from the first operation until the end of the first chunk
// that reached 90 % of it. Immutable.
package dev.cairn.bench;

import java.util.Arrays;

/**
 * Warm-up figures of one run.
 *
 * @param steadyOpsPerSec the median throughput of the last third of the chunks
 * @param warmUpMillis time from the first operation to the end of the first chunk at 90 % of
 *     steady throughput
 * @param chunkOpsPerSec every chunk's throughput, in order
 */
record WarmUpCurve(double steadyOpsPerSec, double warmUpMillis, double[] chunkOpsPerSec) {
    /** The share of steady throughput a chunk must reach to count as warm. */
    static final double WARM = 0.9;

    /**
     * @param startNanos {@link System#nanoTime()} before the first operation
     * @param marks {@link System#nanoTime()} after every {@code every} operations (trailing zeros:
     *     marks never reached are ignored)
     * @param every operations per chunk
     * @return the curve
     * @throws IllegalArgumentException without a single mark
     */
    static WarmUpCurve of(long startNanos, long[] marks, int every) {
        int n = 0;
        while (n < marks.length && marks[n] != 0) {
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("no progress marks: the run did fewer than " + every + " operations");
        }
        double[] rates = new double[n];
        long previous = startNanos;
        for (int i = 0; i < n; i++) {
            rates[i] = every * 1e9 / Math.max(1, marks[i] - previous);
            previous = marks[i];
        }
        double[] tail = Arrays.copyOfRange(rates, n - Math.max(1, n / 3), n);
        Arrays.sort(tail);
        double steady = tail[tail.length / 2];
        int warm = 0;
        while (rates[warm] < WARM * steady) {
            warm++;
        }
        return new WarmUpCurve(steady, (marks[warm] - startNanos) / 1e6, rates);
    }
}

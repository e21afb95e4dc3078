// Per-worker latency recording in nanoseconds on an HdrHistogram (2 significant digits).
// Not thread-safe: one per worker; merge with add() after the workers are done.
package dev.cairn.bench.run;

import org.HdrHistogram.Histogram;

/** Records operation latencies for one worker. */
public final class Latency {
    private static final long HIGHEST_NANOS = 600_000_000_000L;

    private final Histogram histogram = new Histogram(1, HIGHEST_NANOS, 2);

    /** @param nanos one operation's latency */
    public void record(long nanos) {
        histogram.recordValue(Math.min(HIGHEST_NANOS, Math.max(1, nanos)));
    }

    /**
     * Records {@code count} operations that together took {@code nanos} (used by scans, where
     * one entry is too short to time on its own).
     *
     * @param nanos total time
     * @param count operations in it
     */
    public void recordSpread(long nanos, long count) {
        if (count > 0) {
            histogram.recordValueWithCount(Math.min(HIGHEST_NANOS, Math.max(1, nanos / count)), count);
        }
    }

    /** @param other latencies to fold into this one */
    public void add(Latency other) {
        histogram.add(other.histogram);
    }

    /**
     * @param percentile 0 to 100
     * @return the latency at that percentile in microseconds, or 0 when nothing was recorded
     */
    public double percentileMicros(double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}

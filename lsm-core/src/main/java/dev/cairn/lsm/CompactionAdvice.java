// What LsmStore.compactionAdvice returns: a suggested compaction strategy for one column family,
// the predicted write, read and space amplification of every strategy, and the measurements the
// prediction used. Immutable; thread-safe.
package dev.cairn.lsm;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The compaction advisor's answer for one column family ({@link LsmStore#compactionAdvice}):
 * the strategy it suggests, why, and the write, read and space amplification a cost model
 * predicts for each strategy from the family's measured workload. docs/compaction.md explains the
 * model and compares its predictions with what lsm-bench measures.
 *
 * <p>The measurements count the operations since the store was opened (they are not persisted);
 * the shape of the data (live bytes, the ages of the tables' writes) comes from the tables
 * themselves. Right after an open, with no operation measured yet, the advice keeps the current
 * strategy and says so.
 *
 * @param family the name of the column family advised
 * @param current the strategy the family runs now
 * @param suggested the strategy the advisor suggests (may equal {@code current})
 * @param reason one or two sentences saying why
 * @param predictions one prediction per strategy kind, leveled, size-tiered, time-window, in
 *     that order
 * @param measurements what the predictions were computed from
 */
public record CompactionAdvice(String family, CompactionStrategy current, CompactionStrategy suggested,
                               String reason, List<Prediction> predictions, Measurements measurements) {

    /** Checks every component is present and copies the prediction list. */
    public CompactionAdvice {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(suggested, "suggested");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(measurements, "measurements");
        predictions = List.copyOf(predictions);
    }

    /**
     * @param kind a strategy kind
     * @return the prediction for that kind
     * @throws IllegalArgumentException if the advice holds no prediction for it
     */
    public Prediction prediction(CompactionStrategy.Kind kind) {
        for (Prediction p : predictions) {
            if (p.strategy().kind() == kind) {
                return p;
            }
        }
        throw new IllegalArgumentException("no prediction for " + kind);
    }

    /** @return whether the suggested strategy is of another kind than the current one */
    public boolean suggestsChange() {
        return suggested.kind() != current.kind();
    }

    /** @return a multi-line report: the suggestion, the reason, a table of predictions, the measurements */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("compaction advice for family '").append(family).append("': ")
                .append(suggestsChange() ? "switch to " : "keep ").append(suggested).append('\n');
        b.append("  current: ").append(current).append('\n');
        b.append("  why: ").append(reason).append('\n');
        b.append("  predicted      write amp  read amp  space amp  cost\n");
        for (Prediction p : predictions) {
            b.append(String.format(Locale.ROOT, "  %-13s %10.2f %9.2f %10.2f %5.2f%n", p.strategy().kind()
                    .name().toLowerCase(Locale.ROOT), p.writeAmplification(), p.readAmplification(),
                    p.spaceAmplification(), p.cost()));
        }
        b.append("  measured: ").append(measurements);
        return b.toString();
    }

    /**
     * What the cost model predicts for one strategy on the measured workload.
     *
     * @param strategy the strategy predicted (for the kind not running now: that kind's defaults,
     *     with the current strategy's size parameters; a time window of a twentieth of the TTL)
     * @param writeAmplification table bytes written (flushes and compactions) per user byte
     *     written, comparable to {@link StoreStats#writeAmplification()}
     * @param readAmplification tables a point read looks into, comparable to
     *     {@link StoreStats#readAmplification()}
     * @param spaceAmplification table bytes per live byte, comparable to
     *     {@link StoreStats#spaceAmplification()}
     * @param cost the weighted cost the suggestion minimises: each amplification over the lowest
     *     predicted for it, weighted by the workload's write share, read share and a fixed space
     *     weight of 0.5; lower is better
     */
    public record Prediction(CompactionStrategy strategy, double writeAmplification, double readAmplification,
                             double spaceAmplification, double cost) {
        /** Checks the strategy is present and every figure finite and not negative. */
        public Prediction {
            Objects.requireNonNull(strategy, "strategy");
            for (double d : new double[] {writeAmplification, readAmplification, spaceAmplification, cost}) {
                if (!Double.isFinite(d) || d < 0) {
                    throw new IllegalArgumentException("predictions must be finite and not negative, was " + d);
                }
            }
        }
    }

    /**
     * The measurements behind a piece of advice: the family's operations since the store was
     * opened, the shape of its data from the tables' metadata, and the amplification measured now.
     *
     * @param measuredFor how long the operations were counted (since the store was opened)
     * @param puts puts and merges since open
     * @param deletes point deletes and range deletes since open
     * @param pointReads point reads answered since open
     * @param scans cursors opened since open (each scan or seek)
     * @param userBytesWritten bytes of write records accepted since open
     * @param overwriteRatio the share of puts and merges that wrote a key already written since
     *     open, estimated from a hash sample of the keys; in [0, 1]
     * @param deleteRatio deletes over all writes; in [0, 1]
     * @param appendRatio the share of writes whose key sorted after every key written before it
     *     since open (1 for keys written in order, such as time-ordered keys); in [0, 1]
     * @param distinctKeysWritten an estimate of the distinct keys written since open, from the
     *     same sample
     * @param ttl the family's TTL, or null when values never expire
     * @param medianDataAge the age of the newest write of the table holding the median table byte
     *     (tables ordered by that age); {@link Duration#ZERO} without tables
     * @param p90DataAge the same at the 90th percentile of table bytes
     * @param oldestWriteAge the age of the oldest write any table holds
     * @param liveBytes {@link StoreStats#estimatedLiveBytes()}
     * @param tableBytes {@link StoreStats#tableBytes()}
     * @param writeAmplification {@link StoreStats#writeAmplification()} now
     * @param readAmplification {@link StoreStats#readAmplification()} now
     * @param spaceAmplification {@link StoreStats#spaceAmplification()} now
     */
    public record Measurements(Duration measuredFor, long puts, long deletes, long pointReads, long scans,
                               long userBytesWritten, double overwriteRatio, double deleteRatio, double appendRatio,
                               long distinctKeysWritten, Duration ttl, Duration medianDataAge, Duration p90DataAge,
                               Duration oldestWriteAge, long liveBytes, long tableBytes, double writeAmplification,
                               double readAmplification, double spaceAmplification) {
        /** Checks the durations are present and the ratios within [0, 1]. */
        public Measurements {
            Objects.requireNonNull(measuredFor, "measuredFor");
            Objects.requireNonNull(medianDataAge, "medianDataAge");
            Objects.requireNonNull(p90DataAge, "p90DataAge");
            Objects.requireNonNull(oldestWriteAge, "oldestWriteAge");
            for (double r : new double[] {overwriteRatio, deleteRatio, appendRatio}) {
                if (!(r >= 0 && r <= 1)) {
                    throw new IllegalArgumentException("ratios must be within [0, 1], was " + r);
                }
            }
        }

        /** @return puts and deletes since open */
        public long writes() {
            return puts + deletes;
        }

        /** @return writes, point reads and scans since open */
        public long operations() {
            return puts + deletes + pointReads + scans;
        }

        /** @return one line listing every measurement */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "over %s: %d puts, %d deletes, %d point reads, %d scans, %d bytes written;"
                            + " overwrite ratio %.2f, delete ratio %.2f, append ratio %.2f, ~%d distinct keys; ttl %s;"
                            + " data age median %s, p90 %s, oldest %s; %d live bytes in %d table bytes;"
                            + " measured write amp %.2f, read amp %.2f, space amp %.2f",
                    measuredFor, puts, deletes, pointReads, scans, userBytesWritten, overwriteRatio, deleteRatio,
                    appendRatio, distinctKeysWritten, ttl == null ? "none" : ttl, medianDataAge, p90DataAge,
                    oldestWriteAge, liveBytes, tableBytes, writeAmplification, readAmplification, spaceAmplification);
        }
    }
}

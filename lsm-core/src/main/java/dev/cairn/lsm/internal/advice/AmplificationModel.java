// The compaction advisor's cost model: textbook estimates of the write, read and space
// amplification of leveled, size-tiered and time-window compaction for a measured workload, in the
// units StoreStats measures. docs/compaction.md ("The compaction advisor") derives each formula
// and compares them with lsm-bench. Pure functions; thread-safe.
package dev.cairn.lsm.internal.advice;

import dev.cairn.lsm.CompactionAdvice.Measurements;
import dev.cairn.lsm.CompactionStrategy;

/**
 * Predicts amplification from a workload's shape.
 *
 * <p>Symbols: {@code D} live bytes, {@code M} bytes per flush (the memtable size), {@code a} the
 * share of writes in key order, {@code c} the churn (overwrite ratio plus delete ratio, at most 1).
 * Leveled: level-0 trigger {@code T}, multiplier {@code f}, base level size {@code base}.
 * Size-tiered: merge threshold {@code k}, small-bucket size {@code s}, {@code t = log_k(D / s)}
 * tiers above it (fractional: the largest tier of a growing store is partly filled).
 * Time-window: {@code N} windows the data spans.
 * Writes in key order are moved down a leveled tree without being rewritten (trivial moves) and
 * land in tables whose key ranges do not overlap, so a read looks into one table.
 */
final class AmplificationModel {
    /** Bytes the model treats as "no data": avoids dividing by zero in an empty keyspace. */
    private static final double MIN_BYTES = 4096;

    private final double live;
    private final double flush;
    private final double ordered;
    private final double overwrite;
    /** Writes over operations (one half when none was measured). */
    private final double writeShare;
    private final double churn;
    private final boolean ttl;
    private final long spanMillis;

    /**
     * @param m the measurements
     * @param memtableBytes the memtable size (bytes per flush)
     */
    AmplificationModel(Measurements m, long memtableBytes) {
        double perWrite = m.writes() == 0 ? 0 : (double) m.userBytesWritten() / m.writes();
        this.live = Math.max(MIN_BYTES, Math.max(m.liveBytes(), m.distinctKeysWritten() * perWrite));
        this.flush = Math.max(MIN_BYTES, Math.min(memtableBytes, live));
        this.ordered = m.appendRatio();
        this.overwrite = m.overwriteRatio();
        this.writeShare = m.operations() == 0 ? 0.5 : (double) m.writes() / m.operations();
        this.churn = Math.min(1.0, m.overwriteRatio() + m.deleteRatio());
        this.ttl = m.ttl() != null;
        this.spanMillis = m.ttl() == null ? m.oldestWriteAge().toMillis()
                : Math.min(m.oldestWriteAge().toMillis(), m.ttl().toMillis());
    }

    /** Write, read and space amplification predicted for one strategy. */
    record Amplification(double write, double read, double space) {
    }

    Amplification predict(CompactionStrategy s) {
        return switch (s.kind()) {
            case LEVELED -> leveled(s);
            case SIZE_TIERED -> sizeTiered(s);
            case TIME_WINDOW -> timeWindow(s);
        };
    }

    /**
     * Leveled: a flush writes each byte once; a level-0 compaction merges {@code T} flushes into
     * level 1 ({@code S1 = min(D, base)}) and writes level 1 out again,
     * {@code (1 - o) + g S1 / (T M)} bytes per user byte ({@code o} the overwrite ratio:
     * overwritten keys replace bytes level 1 holds already; {@code g = (1 + o) / 2} the average
     * share of its full size level 1 has while the writes fill it). Level {@code i} pushes into level {@code i + 1} the writes of keys it does not
     * hold yet, {@code 1 - o * (S1 + ... + Si) / D} per user byte, each byte pushed rewriting half
     * the overlap {@code r = S(i+1) / Si} (at most {@code f}) below it: {@code 1 + r / 2}. Writes in
     * key order are moved, not merged. A read looks into half the level-0 trigger, scaled by the
     * write share (reads alone let seek compaction empty level 0), and one table per level ({@code 1 + log_f(D / base)}, fractional: a level that has just started covers a sliver
     * of the key space); space is lost to the churned share of what sits above the last level.
     */
    private Amplification leveled(CompactionStrategy s) {
        int trigger = s.l0Trigger();
        int f = s.levelMultiplier();
        double base = s.baseLevelSize();
        double rewritten = 1 - ordered;
        double level1 = Math.min(live, base);
        double write = (1 - overwrite) + level1 * grown() / (trigger * flush);
        double above = level1;
        double size = level1;
        while (above < live) {
            double next = Math.min(live - above, size * f);
            double pushed = 1 - overwrite * above / live;
            write += pushed * (1 + Math.min(f, next / size) / 2);
            above += next;
            size = next;
        }
        write = 1 + rewritten * write;
        double levels = 1 + Math.max(0, Math.log(live / base) / Math.log(f));
        double level0 = rewritten * writeShare * (trigger - 1) / 2.0;
        double read = ordered + rewritten * (level0 + levels);
        double churnable = level0 * flush + (live > base ? live / f : 0);
        double space = 1 + churn * Math.min(churnable / live, level0 + levels - 1) + expiredShare();
        return new Amplification(write, read, space);
    }

    /**
     * Size-tiered: while the data fits the small bucket ({@code s}), every merge of {@code k}
     * tables rewrites the large one with {@code k - 1} flushes, {@code 1 + g min(D, s) / ((k-1) M)}
     * writes per byte ({@code g} as for leveled); above it, each of {@code t} tiers rewrites every byte once more. A read
     * looks into every run: about {@code 1 + (k-1)/2} per tier; a churned key keeps a copy in the
     * smaller runs (half the data once tiers exist).
     */
    private Amplification sizeTiered(CompactionStrategy s) {
        Tiers t = tiers(s, live);
        double read = ordered + (1 - ordered) * t.runs;
        double space = 1 + churn * Math.min(t.above / live, t.runs - 1) + expiredShare();
        return new Amplification(t.write, read, space);
    }

    /**
     * Time-window: the data spans {@code N} windows of {@code D / N} bytes; the current window is
     * size-tiered, each past window is merged once more into one table. Reads look into every past
     * window (one table each) and the current window's runs, unless keys are written in time order;
     * a churned key keeps a copy in each window (half of them, on average). With a TTL whole windows
     * expire and are dropped unread, so at most one window of expired data waits.
     */
    private Amplification timeWindow(CompactionStrategy s) {
        long window = Math.max(1, s.window().toMillis());
        int windows = (int) Math.max(1, Math.min(10_000, Math.ceil((double) spanMillis / window)));
        double perWindow = Math.max(MIN_BYTES, live / windows);
        Tiers t = tiers(s, perWindow);
        double write = t.write + (windows > 1 ? (windows - 1.0) / windows : 0);
        double read = ordered + (1 - ordered) * (windows - 1 + t.runs);
        double space = 1 + churn * Math.min((windows - 1) / 2.0 + t.above / perWindow, windows - 1 + t.runs - 1)
                + (ttl ? 0.5 / windows : 0);
        return new Amplification(write, read, space);
    }

    /** Size-tiered merging of {@code bytes}: writes per byte, runs a read meets, churnable bytes above the largest run. */
    private record Tiers(double write, double runs, double above) {
    }

    private Tiers tiers(CompactionStrategy s, double bytes) {
        int k = s.minThreshold();
        double small = Math.max(s.minSstableSize(), flush);
        double tiers = bytes <= small ? 0 : Math.log(bytes / small) / Math.log(k);
        double smallMerges = bytes <= flush ? 0 : 1 + Math.min(bytes, small) * grown() / ((k - 1) * flush);
        double runs = 1 + (k - 1) / 2.0 * (1 + tiers);
        double above = (k - 1) / 2.0 * flush + Math.min(1, tiers) * bytes / 2;
        return new Tiers(1 + smallMerges + tiers, runs, above);
    }

    /**
     * The average size of a level or run over the writes that fill it, as a share of its full size:
     * inserts grow it from empty (half, on average), overwrites find it full.
     */
    private double grown() {
        return (1 + overwrite) / 2;
    }

    /**
     * With a TTL, leveled and size-tiered tables mix old and new writes unless keys come in time
     * order, so expired values wait until a compaction rewrites their table: about half the live
     * data again, on average (the last level or largest tier is rewritten about once per its size).
     */
    private double expiredShare() {
        return ttl ? 0.5 * (1 - ordered) : 0;
    }
}

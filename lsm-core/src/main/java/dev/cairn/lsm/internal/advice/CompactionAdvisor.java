// Turns a keyspace's measurements into a CompactionAdvice: one candidate strategy per kind, the
// model's amplification for each, a weighted cost, the suggestion and a sentence saying why.
// Stateless; thread-safe.
package dev.cairn.lsm.internal.advice;

import dev.cairn.lsm.CompactionAdvice;
import dev.cairn.lsm.CompactionAdvice.Measurements;
import dev.cairn.lsm.CompactionAdvice.Prediction;
import dev.cairn.lsm.CompactionStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The compaction advisor. The cost of a strategy is each predicted amplification over the lowest
 * predicted for it (so 1 is the best on that axis), weighted by the workload's share of writes,
 * its share of reads (point reads and scans) and a fixed space weight of {@value #SPACE_WEIGHT}.
 * The strategy of lowest cost is suggested; the current one is kept when it costs at most
 * {@value #KEEP_MARGIN} more, since a switch rewrites the keyspace once. With no operation measured
 * (a store just opened, or opened read-only) the current strategy is kept.
 */
public final class CompactionAdvisor {
    /** The weight of space amplification in the cost. */
    static final double SPACE_WEIGHT = 0.5;
    /** How much more (relative) the current strategy may cost before a switch is suggested. */
    static final double KEEP_MARGIN = 0.05;
    /** Time-window candidates without a configured window take the TTL over this many windows. */
    static final int WINDOWS_PER_TTL = 20;

    private CompactionAdvisor() {
    }

    /**
     * @param family the family's name
     * @param current the strategy the family runs
     * @param m the family's measurements
     * @param memtableBytes the memtable size, the bytes of one flush
     * @return the advice
     */
    public static CompactionAdvice advise(String family, CompactionStrategy current, Measurements m,
                                          long memtableBytes) {
        AmplificationModel model = new AmplificationModel(m, memtableBytes);
        List<CompactionStrategy> candidates = candidates(current, m.ttl());
        List<AmplificationModel.Amplification> amps = new ArrayList<>();
        double minWrite = Double.MAX_VALUE;
        double minRead = Double.MAX_VALUE;
        double minSpace = Double.MAX_VALUE;
        for (CompactionStrategy s : candidates) {
            AmplificationModel.Amplification a = model.predict(s);
            amps.add(a);
            minWrite = Math.min(minWrite, a.write());
            minRead = Math.min(minRead, a.read());
            minSpace = Math.min(minSpace, a.space());
        }
        long ops = m.operations();
        double writeShare = ops == 0 ? 0.5 : (double) m.writes() / ops;
        double readShare = ops == 0 ? 0.5 : 1 - writeShare;
        List<Prediction> predictions = new ArrayList<>();
        Prediction best = null;
        Prediction kept = null;
        for (int i = 0; i < candidates.size(); i++) {
            AmplificationModel.Amplification a = amps.get(i);
            double cost = writeShare * a.write() / minWrite + readShare * a.read() / minRead
                    + SPACE_WEIGHT * a.space() / minSpace;
            Prediction p = new Prediction(candidates.get(i), a.write(), a.read(), a.space(), cost);
            predictions.add(p);
            if (best == null || p.cost() < best.cost()) {
                best = p;
            }
            if (p.strategy().kind() == current.kind()) {
                kept = p;
            }
        }
        if (ops == 0) {
            return new CompactionAdvice(family, current, current, "no operation measured since the store was opened;"
                    + " the predictions use the tables' shape alone, so the current strategy is kept", predictions, m);
        }
        Prediction chosen = kept.cost() <= best.cost() * (1 + KEEP_MARGIN) ? kept : best;
        return new CompactionAdvice(family, current, chosen == kept ? current : chosen.strategy(),
                reason(chosen, kept, predictions, m, writeShare), predictions, m);
    }

    /** The current strategy for its kind; the other kinds' defaults with its size parameters. */
    static List<CompactionStrategy> candidates(CompactionStrategy current, Duration ttl) {
        List<CompactionStrategy> out = new ArrayList<>();
        for (CompactionStrategy.Kind kind : List.of(CompactionStrategy.Kind.LEVELED,
                CompactionStrategy.Kind.SIZE_TIERED, CompactionStrategy.Kind.TIME_WINDOW)) {
            if (kind == current.kind()) {
                out.add(current);
                continue;
            }
            CompactionStrategy.Builder b = CompactionStrategy.builder(kind)
                    .bucketLow(current.bucketLow()).bucketHigh(current.bucketHigh())
                    .minThreshold(current.minThreshold()).maxThreshold(current.maxThreshold())
                    .minSstableSize(current.minSstableSize()).l0Trigger(current.l0Trigger())
                    .levelMultiplier(current.levelMultiplier()).targetFileSize(current.targetFileSize())
                    .baseLevelSize(current.baseLevelSize()).tombstoneRatio(current.tombstoneRatio())
                    .tombstoneInterval(current.tombstoneInterval());
            if (kind == CompactionStrategy.Kind.TIME_WINDOW && ttl != null) {
                b.window(Duration.ofMillis(Math.max(1000, ttl.toMillis() / WINDOWS_PER_TTL)));
            }
            out.add(b.build());
        }
        return out;
    }

    private static String reason(Prediction chosen, Prediction kept, List<Prediction> all, Measurements m,
                                 double writeShare) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%.0f%% of %d operations are writes (overwrite ratio %.2f, delete ratio %.2f, %.0f%% in key order%s); ",
                100 * writeShare, m.operations(), m.overwriteRatio(), m.deleteRatio(), 100 * m.appendRatio(),
                m.ttl() == null ? "" : ", TTL " + m.ttl()));
        String name = name(chosen);
        if (chosen == kept) {
            b.append(String.format(Locale.ROOT, "%s, the current strategy, is within %.0f%% of the lowest predicted cost",
                    name, 100 * KEEP_MARGIN));
        } else {
            b.append(String.format(Locale.ROOT, "%s has the lowest predicted cost (%.2f against %.2f for %s, now)",
                    name, chosen.cost(), kept.cost(), name(kept)));
        }
        Prediction runnerUp = null;
        for (Prediction p : all) {
            if (p != chosen && (runnerUp == null || p.cost() < runnerUp.cost())) {
                runnerUp = p;
            }
        }
        b.append(String.format(Locale.ROOT, ": write amp %.1f, read amp %.1f, space amp %.2f against %.1f, %.1f, %.2f for %s",
                chosen.writeAmplification(), chosen.readAmplification(), chosen.spaceAmplification(),
                runnerUp.writeAmplification(), runnerUp.readAmplification(), runnerUp.spaceAmplification(),
                name(runnerUp)));
        return b.toString();
    }

    private static String name(Prediction p) {
        return p.strategy().kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

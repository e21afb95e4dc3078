// Folds the results of several rounds into one result per store and workload: the round with
// the highest throughput (external load only ever slows a phase down, so the best round is
// the least disturbed one). Stateless.
package dev.cairn.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Picks the best round of each store and workload. */
final class BestOfRounds {
    private BestOfRounds() {
    }

    /**
     * @param results every round's results, in any order
     * @return one result per (store, workload), in first-seen order: the highest ops/s, or the
     *     first failed one when no round has numbers
     */
    static List<PhaseResult> best(List<PhaseResult> results) {
        Map<String, PhaseResult> best = new LinkedHashMap<>();
        for (PhaseResult r : results) {
            best.merge(r.store() + "\u0000" + r.workload() + "\u0000" + r.threads(), r, BestOfRounds::better);
        }
        return new ArrayList<>(best.values());
    }

    /**
     * @param results every round's results
     * @param store a store
     * @param workload a workload
     * @param threads a {@code --threads} count
     * @return the ops/s of each round with numbers, in round order
     */
    static List<Double> all(List<PhaseResult> results, String store, String workload, int threads) {
        List<Double> all = new ArrayList<>();
        for (PhaseResult r : results) {
            if (r.store().equals(store) && r.workload().equals(workload) && r.threads() == threads
                    && r.opsPerSec() != null) {
                all.add(r.opsPerSec());
            }
        }
        return all;
    }

    private static PhaseResult better(PhaseResult a, PhaseResult b) {
        if (a.opsPerSec() == null) {
            return b.opsPerSec() == null ? a : b;
        }
        if (b.opsPerSec() == null) {
            return a;
        }
        return b.opsPerSec() > a.opsPerSec() ? b : a;
    }
}

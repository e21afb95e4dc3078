// The thread curve of a run with several --threads counts: per workload, each store's ops/s at
// every count, as a markdown table (with the scaling over the first count) and as the series the
// SVG plot draws. Stateless.
package dev.cairn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Throughput against thread count, per workload and store. */
final class ThreadCurve {
    private ThreadCurve() {
    }

    /**
     * One store's line in one workload's panel.
     *
     * @param store the store
     * @param opsPerSec ops/s at each thread count of the run, in order (null where it has no numbers)
     */
    record Series(String store, List<Double> opsPerSec) {
    }

    /**
     * @param best the best result per store, workload and thread count
     * @param workload a workload
     * @param stores stores in report order
     * @param counts the run's thread counts
     * @return a series per store that has numbers at some count
     */
    static List<Series> series(List<PhaseResult> best, String workload, List<String> stores, List<Integer> counts) {
        List<Series> all = new ArrayList<>();
        for (String s : stores) {
            List<Double> points = new ArrayList<>();
            boolean any = false;
            for (int t : counts) {
                Double v = null;
                for (PhaseResult r : best) {
                    if (r.store().equals(s) && r.workload().equals(workload) && r.threads() == t) {
                        v = r.opsPerSec();
                    }
                }
                any |= v != null;
                points.add(v);
            }
            if (any) {
                all.add(new Series(s, points));
            }
        }
        return all;
    }

    /**
     * @param best the best result per store, workload and thread count
     * @param args the run's options (workloads, stores, thread counts)
     * @return a markdown table: a row per workload and store, a column per thread count (k ops/s,
     *     and the ratio to the store's own figure at the first count)
     */
    static String table(List<PhaseResult> best, BenchArgs args) {
        StringBuilder sb = new StringBuilder("| workload | store |");
        List<Integer> counts = args.threadCounts;
        counts.forEach(t -> sb.append(' ').append(t).append(t == 1 ? " thread |" : " threads |"));
        sb.append("\n|---|---|").append("---:|".repeat(counts.size())).append('\n');
        for (Workload w : args.workloads) {
            if (w == Workload.REOPEN) {
                continue;
            }
            for (Series s : series(best, w.id(), args.stores, counts)) {
                sb.append("| ").append(w.id()).append(" | ").append(s.store()).append(" |");
                Double first = s.opsPerSec().get(0);
                for (Double v : s.opsPerSec()) {
                    if (v == null) {
                        sb.append(" — |");
                    } else if (first == null || v.equals(first)) {
                        sb.append(String.format(Locale.ROOT, " %.1f |", v / 1000));
                    } else {
                        sb.append(String.format(Locale.ROOT, " %.1f (%.2f×) |", v / 1000, v / first));
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}

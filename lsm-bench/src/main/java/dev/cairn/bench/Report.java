// Renders the markdown report: throughput per workload and store with each store's ratio to
// rocksdb, p99 latencies, the stores' configurations, and notes. Stateless.
package dev.cairn.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the markdown tables printed at the end of a run. */
final class Report {
    /** The store every ratio is relative to, when it took part; otherwise the first store. */
    private static final String BASELINE = "rocksdb";

    private Report() {
    }

    static String markdown(BenchArgs args, Machine machine, List<PhaseResult> results,
                           List<Map<String, String>> descriptions, List<String> notes) {
        List<String> stores = args.stores.stream().filter(s -> results.stream().anyMatch(r -> r.store().equals(s))).toList();
        String baseline = stores.contains(BASELINE) || stores.isEmpty() ? BASELINE : stores.get(0);
        StringBuilder sb = new StringBuilder();
        String threads = args.threadCounts.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        sb.append(String.format(Locale.ROOT, "Machine: %s. Run: --num %d --value-size %d --threads %s --seed %d --rounds %d, -Xmx%s%s.%n%n",
                machine.summary(), args.num, args.valueSize, threads, args.seed, args.rounds, args.xmx,
                args.rounds > 1 ? " (each cell: the best of the rounds)" : ""));
        sb.append("Throughput in k ops/s (ratio to ").append(baseline).append(" in the same run):\n\n");
        header(sb, "workload", stores);
        List<String> retryNotes = new ArrayList<>();
        for (Workload w : args.workloads) {
            for (int t : args.threadCounts) {
                sb.append("| ").append(label(w, t, args)).append(" |");
                PhaseResult base = find(results, baseline, w.id(), t);
                for (String s : stores) {
                    PhaseResult r = find(results, s, w.id(), t);
                    sb.append(' ').append(cell(r, base)).append(" |");
                    if (r != null && r.retries() > 0) {
                        retryNotes.add(s + " " + label(w, t, args) + ": " + r.retries()
                                + " operations retried after \"Could not open table\"");
                    }
                }
                sb.append('\n');
            }
        }
        if (args.threadCounts.size() > 1) {
            sb.append("\nThread curve, k ops/s (in brackets: the ratio to the same store at ")
                    .append(args.threadCounts.get(0)).append(args.threadCounts.get(0) == 1 ? " thread" : " threads")
                    .append("; plotted in the SVG beside the results):\n\n").append(ThreadCurve.table(results, args));
        }
        sb.append("\np50 / p99 latency in µs (scans: per entry, averaged over 1000-entry chunks; reopen: the open itself):\n\n");
        table(sb, args, stores, results, r -> String.format(Locale.ROOT, "%s / %s", num(r.p50Micros()), num(r.p99Micros())));
        sb.append("\nHeap bytes allocated per operation by the measured workers' threads (the harness's own fresh key,"
                + " 32 B or 40 B, included; cairn-kotlin: every dispatcher thread):\n\n");
        table(sb, args, stores, results, r -> r.allocBytesPerOp() < 0 ? "—" : String.format(Locale.ROOT, "%.0f", r.allocBytesPerOp()));
        sb.append("\nStores:\n\n| store | version | compression | cache | bloom filter | durability of a plain put |\n|---|---|---|---|---|---|\n");
        for (Map<String, String> d : descriptions) {
            sb.append("| ").append(d.get("store")).append(" | ").append(d.get("version")).append(" | ")
                    .append(d.get("compression")).append(" | ").append(d.get("cache")).append(" | ")
                    .append(d.get("filter")).append(" | ").append(d.get("durability")).append(" |\n");
        }
        List<String> all = new ArrayList<>(notes);
        all.addAll(retryNotes);
        Map<String, List<String>> workloadsByError = new LinkedHashMap<>();
        for (PhaseResult r : results) {
            if (r.error() != null) {
                workloadsByError.computeIfAbsent(r.store() + ": " + r.error(), k -> new ArrayList<>()).add(r.workload());
            }
        }
        workloadsByError.forEach((error, workloads) -> all.add(error + " (" + String.join(", ", workloads) + ")"));
        if (!all.isEmpty()) {
            sb.append("\nNotes:\n\n");
            all.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }

    /** Appends one row per workload and thread count, each cell {@code format}ted from the store's result. */
    private static void table(StringBuilder sb, BenchArgs args, List<String> stores, List<PhaseResult> results,
                              java.util.function.Function<PhaseResult, String> format) {
        header(sb, "workload", stores);
        for (Workload w : args.workloads) {
            for (int t : args.threadCounts) {
                sb.append("| ").append(label(w, t, args)).append(" |");
                for (String s : stores) {
                    PhaseResult r = find(results, s, w.id(), t);
                    sb.append(' ').append(r == null || r.opsPerSec() == null ? "—" : format.apply(r)).append(" |");
                }
                sb.append('\n');
            }
        }
    }

    /** @return the workload's name, with the thread count when the run has several */
    private static String label(Workload w, int threads, BenchArgs args) {
        return args.threadCounts.size() > 1 ? w.id() + " ×" + threads : w.id();
    }

    private static void header(StringBuilder sb, String first, List<String> stores) {
        sb.append("| ").append(first).append(" |");
        stores.forEach(s -> sb.append(' ').append(s).append(" |"));
        sb.append("\n|---|");
        stores.forEach(s -> sb.append("---:|"));
        sb.append('\n');
    }

    private static String cell(PhaseResult r, PhaseResult base) {
        if (r == null) {
            return "—";
        }
        if (r.opsPerSec() == null) {
            return r.error() != null && r.error().startsWith("unsupported") ? "unsupported" : "failed";
        }
        String value = r.workload().equals(Workload.REOPEN.id())
                ? String.format(Locale.ROOT, "%.0f ms", r.seconds() * 1000)
                : num(r.opsPerSec() / 1000);
        if (base == null || base.opsPerSec() == null || base.opsPerSec() == 0) {
            return value;
        }
        return String.format(Locale.ROOT, "%s (%.2f×)", value, r.opsPerSec() / base.opsPerSec());
    }

    private static String num(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static PhaseResult find(List<PhaseResult> results, String store, String workload, int threads) {
        for (PhaseResult r : results) {
            if (r.store().equals(store) && r.workload().equals(workload) && r.threads() == threads) {
                return r;
            }
        }
        return null;
    }
}

// Entry point of lsm-bench.jar. As the parent it forks one JVM per store (same -Xmx, same
// options), collects their results, writes bench.json and prints the markdown report; with
// --child it is that forked JVM. Single-threaded.
package dev.cairn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code java -jar lsm-bench.jar --stores ... --num ... --out bench.json}; see {@link BenchArgs#usage()}. */
public final class BenchMain {
    private BenchMain() {
    }

    /**
     * @param argv the command line
     * @throws Exception when the harness itself fails (a failing store is reported, not thrown)
     */
    public static void main(String[] argv) throws Exception {
        BenchArgs args;
        try {
            args = BenchArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (args.help) {
            System.out.println(BenchArgs.usage());
            return;
        }
        if (args.child != null) {
            System.exit(StoreProcess.run(args));
        }
        System.exit(runParent(args));
    }

    private static int runParent(BenchArgs args) throws IOException, InterruptedException {
        boolean tempRoot = args.dir == null;
        Path root = tempRoot ? Files.createTempDirectory("cairn-bench") : Files.createDirectories(args.dir);
        Machine machine = Machine.current();
        System.out.println("# lsm-bench: " + machine.summary());
        System.out.println("# num " + args.num + ", reads " + args.reads() + ", value " + args.valueSize + " B, threads "
                + args.threadCounts.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")) + ", fillsync " + args.syncOps() + " puts by " + args.syncThreads + " writers, seed "
                + args.seed + ", warm-up " + args.warmup() + " keys, cache " + args.cacheMb + " MiB, bloom " + args.bloomBits + " bits/key, -Xmx" + args.xmx
                + ", data in " + root);
        List<Map<String, String>> descriptions = new ArrayList<>();
        List<PhaseResult> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            for (int threads : args.threadCounts) {
                BenchArgs run = args.atThreads(threads);
                for (int round = 1; round <= args.rounds; round++) {
                    List<String> order = new ArrayList<>(args.stores);
                    if (round % 2 == 0) {
                        Collections.reverse(order);
                    }
                    if (args.rounds > 1 || args.threadCounts.size() > 1) {
                        System.out.println("== threads " + threads + ", round " + round + " of " + args.rounds + ": "
                                + String.join(", ", order));
                    }
                    for (String store : order) {
                        boolean first = round == 1 && threads == args.threadCounts.get(0);
                        runStore(run, store, root, first ? descriptions : new ArrayList<>(), results, notes);
                    }
                }
            }
        } finally {
            if (tempRoot && !args.keep) {
                Directories.delete(root);
            }
        }
        List<PhaseResult> best = BestOfRounds.best(results);
        Files.writeString(args.out, Json.array(rows(best, results, descriptions, args.rounds)), StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(Report.markdown(args, machine, best, descriptions, notes));
        if (args.threadCounts.size() > 1) {
            Path plot = plotPath(args.out);
            Files.writeString(plot, ThreadPlot.svg(best, args, "ops/s against threads, --num " + args.num + ", best of "
                    + args.rounds + " round(s)\n" + machine.summary()), StandardCharsets.UTF_8);
            System.out.println("thread curve plotted in " + plot.toAbsolutePath());
        }
        System.out.println("results written to " + args.out.toAbsolutePath());
        return 0;
    }

    private static void runStore(BenchArgs args, String store, Path root, List<Map<String, String>> descriptions,
                                 List<PhaseResult> results, List<String> notes) throws IOException, InterruptedException {
        Path resultFile = Files.createTempFile("lsm-bench-" + store, ".tsv");
        try {
            int exit = fork(args, store, root, resultFile);
            for (String line : Files.readAllLines(resultFile, StandardCharsets.UTF_8)) {
                Map<String, String> f = Fields.decode(line);
                switch (f.getOrDefault("kind", "")) {
                    case "describe" -> descriptions.add(f);
                    case "result" -> results.add(PhaseResult.fromFields(f));
                    case "skipped" -> note(notes, store + " skipped: " + f.get("reason"));
                    default -> { }
                }
            }
            if (exit != 0) {
                note(notes, store + ": forked JVM exited with code " + exit);
            }
        } finally {
            Files.deleteIfExists(resultFile);
        }
    }

    private static void note(List<String> notes, String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    private static int fork(BenchArgs args, String store, Path root, Path resultFile)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + args.xmx);
        // lmdbjava reaches into NIO buffers; every store gets the same flags.
        cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        cmd.addAll(args.jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchMain.class.getName());
        cmd.addAll(args.forwarded());
        cmd.add("--dir");
        cmd.add(root.toString());
        cmd.add("--child");
        cmd.add(store);
        cmd.add("--result-file");
        cmd.add(resultFile.toString());
        System.out.println("== " + store + " (forked JVM -Xmx" + args.xmx + ")");
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor();
    }

    /**
     * @param out the results file, e.g. {@code bench.json}
     * @return the thread curve's SVG beside it, e.g. {@code bench-threads.svg}
     */
    static Path plotPath(Path out) {
        String name = out.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return out.resolveSibling(base + "-threads.svg");
    }

    private static List<Map<String, Object>> rows(List<PhaseResult> best, List<PhaseResult> all,
                                                  List<Map<String, String>> descriptions, int rounds) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PhaseResult r : best) {
            Map<String, Object> row = new LinkedHashMap<>(r.toFields());
            if (rounds > 1) {
                row.put("rounds_ops_per_sec", BestOfRounds.all(all, r.store(), r.workload(), r.threads()).stream()
                        .map(v -> String.valueOf(Math.round(v))).collect(java.util.stream.Collectors.joining(" ")));
            }
            for (Map<String, String> d : descriptions) {
                if (r.store().equals(d.get("store"))) {
                    row.put("version", d.get("version"));
                    row.put("compression", d.get("compression"));
                    row.put("durability", d.get("durability"));
                }
            }
            rows.add(row);
        }
        return rows;
    }
}

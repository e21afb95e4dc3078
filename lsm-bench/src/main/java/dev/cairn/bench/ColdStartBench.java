// The cold-start workload (issue 25): per store, a fresh JVM fills a store, then each round a
// fresh JVM opens it, runs --ops mixed operations and closes it (ColdStartRun); the parent times
// each child process from fork to exit. With --appcds, a training run writes an AppCDS archive
// (-XX:ArchiveClassesAtExit) and further rounds start with it (-XX:SharedArchiveFile). Reported:
// per store and JVM variant, the round with the shortest process time; the table goes to stdout,
// every round to --out. Single-threaded.
//   java -cp lsm-bench.jar dev.cairn.bench.ColdStartBench --stores cairn,rocksdb --appcds
package dev.cairn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Entry point of the cold-start workload; see {@link ColdStartArgs#usage()}. */
public final class ColdStartBench {
    private ColdStartBench() {
    }

    /**
     * @param argv the command line
     * @throws Exception when the harness itself fails
     */
    public static void main(String[] argv) throws Exception {
        long mainNanos = System.nanoTime();
        ColdStartArgs a;
        try {
            a = ColdStartArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (a.help) {
            System.out.println(ColdStartArgs.usage());
        } else if (a.child != null) {
            ColdStartRun.run(a, mainNanos);
        } else {
            System.out.println(markdown(run(a)));
        }
    }

    /**
     * Runs every store's fill and cold rounds.
     *
     * @param a the options
     * @return every round's figures (fields of ColdStartRun plus store, jvm, round, process_ms)
     * @throws IOException when the result files fail
     * @throws InterruptedException when interrupted while a child runs
     */
    static List<Map<String, String>> run(ColdStartArgs a) throws IOException, InterruptedException {
        boolean temp = a.dir == null;
        Path root = temp ? Files.createTempDirectory("cairn-coldstart") : Files.createDirectories(a.dir);
        List<Map<String, String>> rows = new ArrayList<>();
        try {
            for (String store : a.stores) {
                Path dir = root.resolve(store);
                Directories.fresh(dir);
                fork(a, store, dir, "fill", List.of(), null);
                runRounds(a, store, dir, "default", List.of(), rows);
                if (a.appCds) {
                    // the training run: a cold run like the others, unreported, that dumps the classes it loaded
                    Path archive = root.resolve(store + ".jsa");
                    Path training = root.resolve(store + "-training.tsv");
                    fork(a, store, dir, "run", List.of("-XX:ArchiveClassesAtExit=" + archive), training);
                    Files.deleteIfExists(training);
                    runRounds(a, store, dir, "AppCDS", List.of("-XX:SharedArchiveFile=" + archive), rows);
                }
            }
        } finally {
            if (temp) {
                Directories.delete(root);
            }
        }
        List<Map<String, Object>> json = new ArrayList<>();
        rows.forEach(r -> json.add(new LinkedHashMap<>(r)));
        Files.writeString(a.out, Json.array(json), StandardCharsets.UTF_8);
        return rows;
    }

    private static void runRounds(ColdStartArgs a, String store, Path dir, String jvm, List<String> flags,
                                  List<Map<String, String>> rows) throws IOException, InterruptedException {
        for (int round = 1; round <= a.rounds; round++) {
            Path result = Files.createTempFile("lsm-coldstart-" + store, ".tsv");
            try {
                long nanos = fork(a, store, dir, "run", flags, result);
                for (String line : Files.readAllLines(result, StandardCharsets.UTF_8)) {
                    Map<String, String> f = new LinkedHashMap<>(Fields.decode(line));
                    f.put("jvm", jvm);
                    f.put("round", String.valueOf(round));
                    f.put("process_ms", String.format(Locale.ROOT, "%.1f", nanos / 1e6));
                    rows.add(f);
                    System.out.printf(Locale.ROOT, "[%s, %s] round %d: process %.0f ms, open %.1f ms, %d ops %.0f ms, "
                                    + "warm-up %.0f ms, steady %.1f k ops/s%n", store, jvm, round, nanos / 1e6, ms(f, "open_ms"),
                            a.ops, ms(f, "ops_ms"), ms(f, "warmup_ms"), ms(f, "steady_ops_per_sec") / 1000);
                }
            } finally {
                Files.deleteIfExists(result);
            }
        }
    }

    /** @return the child's time from fork to exit, in nanoseconds */
    private static long fork(ColdStartArgs a, String store, Path dir, String what, List<String> flags, Path result)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + a.xmx);
        cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        cmd.addAll(a.jvmArgs);
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ColdStartBench.class.getName(),
                "--child", what, "--store", store, "--dir", dir.toString(), "--num", String.valueOf(a.num),
                "--ops", String.valueOf(a.ops), "--mark-every", String.valueOf(a.markEvery), "--seed", String.valueOf(a.seed)));
        if (result != null) {
            cmd.addAll(List.of("--result-file", result.toString()));
        }
        long start = System.nanoTime();
        int exit = new ProcessBuilder(cmd).inheritIO().start().waitFor();
        long nanos = System.nanoTime() - start;
        if (exit != 0) {
            throw new IllegalStateException("the " + what + " JVM of " + store + " exited with code " + exit);
        }
        return nanos;
    }

    /**
     * @param rows every round's figures
     * @return a table with, per store and JVM variant, the round with the shortest process time
     */
    static String markdown(List<Map<String, String>> rows) {
        Map<String, Map<String, String>> best = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            best.merge(r.get("store") + " / " + r.get("jvm"), r, (x, y) -> ms(y, "process_ms") < ms(x, "process_ms") ? y : x);
        }
        Map<String, String> anchor = best.get("rocksdb / default");
        StringBuilder sb = new StringBuilder("| store | JVM | process ms | JVM start → main ms | open ms | ops ms "
                + "| close ms | warm-up to 90 % ms | steady k ops/s | first chunk k ops/s | rocksdb ÷ this (process) |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, String> r : best.values().stream().sorted(Comparator.comparing(r -> r.get("store"))).toList()) {
            String first = r.get("chunk_kops").split(" ")[0];
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %.1f | %.0f | %.1f | %.0f | %.0f | %s | %s |%n",
                    r.get("store"), r.get("jvm"), ms(r, "process_ms"), r.get("jvm_to_main_ms"), ms(r, "open_ms"),
                    ms(r, "ops_ms"), ms(r, "close_ms"), ms(r, "warmup_ms"), ms(r, "steady_ops_per_sec") / 1000, first,
                    anchor == null ? "—" : String.format(Locale.ROOT, "%.2f×", ms(anchor, "process_ms") / ms(r, "process_ms"))));
        }
        return sb.toString();
    }

    private static double ms(Map<String, String> r, String field) {
        return Double.parseDouble(r.get(field));
    }
}

// Command-line options of the cold-start workload, parsed by hand. Immutable after parse().
package dev.cairn.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The cold-start workload's options; {@link #usage()} lists them. */
final class ColdStartArgs {
    List<String> stores = List.of("cairn", "rocksdb");
    long num = 100_000;
    long ops = 100_000;
    int markEvery = 10_000;
    int rounds = 3;
    boolean appCds;
    String xmx = "256m";
    List<String> jvmArgs = new ArrayList<>();
    Path dir;
    Path out = Path.of("coldstart.json");
    long seed = 301;
    boolean help;
    /** In a child: "fill" or "run". */
    String child;
    String store;
    Path resultFile;

    private ColdStartArgs() {
    }

    /**
     * @param argv the command line
     * @return the options
     * @throws IllegalArgumentException on an unknown option or a bad value, with the reason
     */
    static ColdStartArgs parse(String[] argv) {
        ColdStartArgs a = new ColdStartArgs();
        OptionScanner.scan(argv, Set.of("--help", "-h", "--appcds"), (name, value) -> {
            switch (name) {
                case "--help", "-h" -> a.help = true;
                case "--appcds" -> a.appCds = true;
                case "--stores" -> a.stores = OptionScanner.list(value);
                case "--num" -> a.num = OptionScanner.positive(name, value);
                case "--ops" -> a.ops = OptionScanner.positive(name, value);
                case "--mark-every" -> a.markEvery = (int) OptionScanner.positive(name, value);
                case "--rounds" -> a.rounds = (int) OptionScanner.positive(name, value);
                case "--xmx" -> a.xmx = value;
                case "--jvm-arg" -> a.jvmArgs.add(value);
                case "--dir" -> a.dir = Path.of(value);
                case "--out" -> a.out = Path.of(value);
                case "--seed" -> a.seed = Long.parseLong(value);
                case "--child" -> a.child = value;
                case "--store" -> a.store = value;
                case "--result-file" -> a.resultFile = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + usage());
            }
        });
        for (String s : a.stores) {
            if (!BenchArgs.ALL_STORES.contains(s)) {
                throw new IllegalArgumentException("unknown store '" + s + "'; valid: " + String.join(",", BenchArgs.ALL_STORES));
            }
        }
        if (a.ops < a.markEvery) {
            throw new IllegalArgumentException("--ops (" + a.ops + ") must be at least --mark-every (" + a.markEvery + ")");
        }
        if (a.num > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--num must be below 2^31, was " + a.num);
        }
        return a;
    }

    /** @return the usage text */
    static String usage() {
        return String.join("\n",
                "usage: java -cp lsm-bench/target/lsm-bench.jar dev.cairn.bench.ColdStartBench [options]",
                "  --stores LIST      " + String.join(",", BenchArgs.ALL_STORES) + " (default cairn,rocksdb)",
                "  --num N            keys of the fill before the cold runs (default 100000)",
                "  --ops N            operations of each cold run: 50 % gets of filled keys, 50 % puts (default 100000)",
                "  --mark-every N     operations between progress stamps, the warm-up curve's chunks (default 10000)",
                "  --rounds N         cold runs per store, each a fresh JVM; the fastest is reported (default 3)",
                "  --appcds           also run each store with an AppCDS archive its first run wrote",
                "                     (-XX:ArchiveClassesAtExit, then -XX:SharedArchiveFile)",
                "  --xmx SIZE         heap of each forked JVM (default 256m)",
                "  --jvm-arg ARG      extra option for the forked JVMs (repeatable)",
                "  --dir DIR          where the stores live (default: a temp directory, removed afterwards)",
                "  --out FILE         results as a JSON array (default coldstart.json)",
                "  --seed N           seed of keys and values (default 301)");
    }
}

// Command-line options of the harness, parsed by hand. Immutable after parse().
package dev.cairn.bench;

import dev.cairn.lsm.CompactionStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The harness's options; {@link #usage()} lists them. */
public final class BenchArgs {
    /** Every store the harness knows, in report order. */
    public static final List<String> ALL_STORES =
            List.of("cairn", "cairn-encrypted", "cairn-blob", "cairn-kotlin", "rocksdb", "rocksdb-blob", "leveldb", "mvstore",
                    "lmdb");
    /** The stores a run without --stores compares: every store but the encrypted and blob variants. */
    public static final List<String> DEFAULT_STORES = List.of("cairn", "cairn-kotlin", "rocksdb", "leveldb", "mvstore", "lmdb");

    List<String> stores = DEFAULT_STORES;
    List<Workload> workloads = Workload.all();
    long num = 1_000_000;
    long reads = -1;
    int valueSize = 100;
    int threads = 1;
    List<Integer> threadCounts = List.of(1);
    int syncThreads = 32;
    long syncOps = -1;
    long seed = 301;
    long warmup = -1;
    int rounds = 2;
    Path out = Path.of("bench.json");
    String xmx = "256m";
    List<String> jvmArgs = new ArrayList<>();
    Path dir;
    long cacheMb = 64;
    int bloomBits = 10;
    boolean keep;
    /** {@code --advice}: print each Cairn store's measured amplification and compaction advice at the end. */
    boolean advice;
    /** {@code --compaction}: Cairn's strategy, null for its default. */
    CompactionStrategy compaction;
    /** {@code --ttl}: Cairn's TTL, null for none. */
    Duration ttl;
    /** {@code --memtable-kb}: Cairn's memtable size in KiB, 0 for its default. */
    long memtableKb;
    boolean help;
    String child;
    Path resultFile;
    private final List<String> raw = new ArrayList<>();

    private BenchArgs() {
    }

    /**
     * @param argv the command line
     * @return the options
     * @throws IllegalArgumentException on an unknown option or a bad value, with the reason
     */
    public static BenchArgs parse(String[] argv) {
        BenchArgs a = new BenchArgs();
        OptionScanner.scan(argv, Set.of("--help", "-h", "--keep", "--advice"), (name, value) -> {
            if (value == null) {
                boolean help = name.equals("--help") || name.equals("-h");
                a.help |= help;
                a.keep |= name.equals("--keep");
                a.advice |= name.equals("--advice");
                if (!help) {
                    a.raw.add(name);
                }
                return;
            }
            switch (name) {
                case "--stores" -> a.stores = OptionScanner.list(value);
                case "--workloads" -> a.workloads = OptionScanner.list(value).stream().flatMap(v -> Workload.expand(v).stream()).distinct().toList();
                case "--num" -> a.num = OptionScanner.positive(name, value);
                case "--reads" -> a.reads = OptionScanner.positive(name, value);
                case "--value-size" -> a.valueSize = (int) OptionScanner.positive(name, value);
                case "--threads" -> {
                    String option = name;
                    a.threadCounts = OptionScanner.list(value).stream().map(v -> (int) OptionScanner.positive(option, v)).distinct().toList();
                    if (a.threadCounts.isEmpty()) {
                        throw new IllegalArgumentException("--threads needs at least one count, was '" + value + "'");
                    }
                    a.threads = a.threadCounts.get(0);
                }
                case "--sync-threads" -> a.syncThreads = (int) OptionScanner.positive(name, value);
                case "--sync-ops" -> a.syncOps = OptionScanner.positive(name, value);
                case "--seed" -> a.seed = Long.parseLong(value);
                case "--warmup" -> a.warmup = Long.parseLong(value);
                case "--rounds" -> a.rounds = (int) OptionScanner.positive(name, value);
                case "--out" -> a.out = Path.of(value);
                case "--xmx" -> a.xmx = value;
                case "--jvm-arg" -> a.jvmArgs.add(value);
                case "--dir" -> a.dir = Path.of(value);
                case "--cache-mb" -> a.cacheMb = OptionScanner.positive(name, value);
                case "--bloom-bits" -> a.bloomBits = (int) OptionScanner.positive(name, value);
                case "--compaction" -> a.compaction = compaction(value);
                case "--ttl" -> a.ttl = duration(name, value);
                case "--memtable-kb" -> a.memtableKb = OptionScanner.positive(name, value);
                case "--child" -> a.child = value;
                case "--result-file" -> a.resultFile = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + usage());
            }
            if (!name.equals("--child") && !name.equals("--result-file")) {
                a.raw.add(name);
                a.raw.add(value);
            }
        });
        for (String s : a.stores) {
            if (!ALL_STORES.contains(s)) {
                throw new IllegalArgumentException("unknown store '" + s + "'; valid: " + String.join(",", ALL_STORES));
            }
        }
        if (a.num > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--num must be below 2^31, was " + a.num);
        }
        return a;
    }

    /** @return gets per read phase (defaults to num) */
    public long reads() {
        return reads > 0 ? reads : num;
    }

    /** @return synced puts in fillsync (defaults to num / 100, at least 100) */
    public long syncOps() {
        return syncOps > 0 ? syncOps : Math.max(100, num / 100);
    }

    /** @return keys of the unmeasured warm-up run (defaults to num / 10, at most 100000; 0 = none) */
    public long warmup() {
        return warmup >= 0 ? Math.min(warmup, num) : Math.min(100_000, num / 10);
    }

    /**
     * @param count one entry of the {@code --threads} list
     * @return these options with {@code --threads count} alone
     */
    BenchArgs atThreads(int count) {
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i).equals("--threads")) {
                i++;
            } else {
                argv.add(raw.get(i));
            }
        }
        argv.add("--threads");
        argv.add(String.valueOf(count));
        return parse(argv.toArray(String[]::new));
    }

    /**
     * @param keys the key count of the copy
     * @return a copy of these options with {@code --num keys} and reads, sync ops and warm-up derived from it
     */
    BenchArgs withNum(long keys) {
        BenchArgs c = new BenchArgs();
        c.stores = stores;
        c.workloads = workloads;
        c.num = keys;
        c.valueSize = valueSize;
        c.threads = threads;
        c.threadCounts = List.of(threads);
        c.syncThreads = syncThreads;
        c.syncOps = Math.max(syncThreads, keys / 100);
        c.seed = seed + 1;
        c.warmup = 0;
        c.dir = dir;
        c.cacheMb = cacheMb;
        c.bloomBits = bloomBits;
        c.keep = keep;
        c.advice = advice;
        c.compaction = compaction;
        c.ttl = ttl;
        c.memtableKb = memtableKb;
        c.child = child;
        return c;
    }

    /** @return the options as given, without the parent-to-child ones, for a forked JVM */
    public List<String> forwarded() {
        return List.copyOf(raw);
    }

    /** @return the usage text */
    public static String usage() {
        return String.join("\n",
                "usage: java -jar lsm-bench/target/lsm-bench.jar [options]",
                "  --stores LIST        " + String.join(",", ALL_STORES),
                "                       (default: all but cairn-encrypted, which is cairn with AES-GCM encryption)",
                "  --workloads LIST     " + String.join(",", Workload.all().stream().map(Workload::id).toList()),
                "                       (default: all, in that order); YCSB's core workloads:",
                "                       " + String.join(",", Workload.ycsb().stream().map(Workload::id).toList())
                        + " (or " + Workload.YCSB_FAMILY + " for all of them)",
                "  --num N              keys written by the fill phases (default 1000000)",
                "  --reads N            operations of the read phases (default: num)",
                "  --value-size N       value bytes (default 100; half-compressible)",
                "  --threads N[,N...]   workers for the random read/write phases (default 1); a list",
                "                       (e.g. 1,2,4) runs every store at each count in turn",
                "  --sync-threads N     writers in fillsync (default 32)",
                "  --sync-ops N         synced puts in fillsync (default num/100)",
                "  --seed N             seed for keys and values (default 301)",
                "  --warmup N           keys of an unmeasured warm-up run in each forked JVM before the",
                "                       measured phases, so the JIT has compiled the hot paths",
                "                       (default num/10, at most 100000; 0 disables)",
                "  --out FILE           results as a JSON array (default bench.json)",
                "  --rounds N           run every store N times (order alternating) and keep each",
                "                       phase's best round (default 2: other tenants' load only",
                "                       ever slows a phase, and stores run one after the other)",
                "  --xmx SIZE           heap of each forked store JVM (default 256m)",
                "  --jvm-arg ARG        extra option for the forked JVMs (repeatable)",
                "  --dir DIR            where stores are created (default: a temp directory)",
                "  --cache-mb N         block cache per store (default 64)",
                "  --bloom-bits N       bloom filter bits per key where the store has one (default 10)",
                "  --compaction KIND    Cairn's compaction: leveled (default), size-tiered, time-window[:DURATION]",
                "                       (DURATION as in PT1H; default window 1 day)",
                "  --ttl DURATION       Cairn's TTL, e.g. PT1H (default: none)",
                "  --memtable-kb N      Cairn's memtable size in KiB (default: StoreOptions' 16 MiB)",
                "  --advice             at the end, print each Cairn store's measured write, read and",
                "                       space amplification and its compaction advice",
                "  --keep               keep the store directories afterwards");
    }

    private static CompactionStrategy compaction(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("leveled")) {
            return CompactionStrategy.leveled();
        }
        if (v.equals("size-tiered")) {
            return CompactionStrategy.sizeTiered();
        }
        if (v.equals("time-window")) {
            return CompactionStrategy.timeWindow(Duration.ofDays(1));
        }
        if (v.startsWith("time-window:")) {
            return CompactionStrategy.timeWindow(duration("--compaction", value.trim().substring("time-window:".length())));
        }
        throw new IllegalArgumentException("--compaction must be leveled, size-tiered or time-window[:DURATION], was " + value);
    }

    private static Duration duration(String name, String value) {
        try {
            Duration d = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a duration such as PT1H, was " + value, e);
        }
    }
}

// The body of one forked JVM: opens one store, runs the workloads in order, prints a progress
// line per phase and appends each result to the result file for the parent. Single-threaded
// apart from the phase workers.
package dev.cairn.bench;

import dev.cairn.bench.run.PhaseOutcome;
import dev.cairn.bench.run.PhasePlan;
import dev.cairn.bench.run.ValuePool;
import dev.cairn.bench.store.BenchStore;
import dev.cairn.bench.store.StoreConfig;
import dev.cairn.bench.store.StoreDescription;
import dev.cairn.bench.store.StoreFactory;
import dev.cairn.bench.ycsb.YcsbWorker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs every workload against one store (in the forked JVM). */
final class StoreProcess {
    /** The warm-up's cache is this many times smaller than its share of the data would give. */
    private static final int WARM_UP_CACHE_DIVISOR = 4;
    /** Flushes in the warm-up: enough tables that a leveled LSM store compacts at least once. */
    private static final int WARM_UP_FLUSHES = 5;
    /**
     * How long each read workload of the warm-up repeats. In-process scans of a 300 k-key store
     * took three to four passes (about a second) to reach their steady speed, the JIT's compiler
     * queue being long on a two-cpu machine; a single pass over the warm-up store is far shorter.
     */
    private static final long WARM_UP_READ_NANOS = 1_000_000_000L;
    /** At most this many rounds of each read workload (small warm-up stores end sooner by this). */
    private static final int WARM_UP_READ_ROUNDS = 50;
    private final BenchArgs args;
    private final String name;
    private final StoreFactory factory;
    private final StoreConfig config;
    private final ValuePool values;
    private final Path dir;
    private final PrintWriter results;
    private BenchStore store;
    private boolean filled;
    /** Whether the store holds the YCSB load's 1 KB records (YCSB A to F need them). */
    private boolean ycsbLoaded;
    private String openFailure;

    private StoreProcess(BenchArgs args, StoreFactory factory, PrintWriter results) {
        this.args = args;
        this.name = args.child;
        this.factory = factory;
        int maxWorkers = Math.max(args.threads + 1, args.syncThreads);
        boolean ycsb = args.workloads.stream().anyMatch(w -> Workload.ycsb().contains(w));
        int valueSize = ycsb ? Math.max(args.valueSize, YcsbWorker.RECORD_SIZE) : args.valueSize;
        this.config = new StoreConfig(args.cacheMb << 20, args.bloomBits, args.num, valueSize, maxWorkers,
                args.compaction, args.ttl, args.memtableKb << 10);
        this.values = new ValuePool(args.valueSize, args.seed);
        this.dir = args.dir.resolve(name);
        this.results = results;
    }

    /** Runs the child; returns the process exit code. */
    static int run(BenchArgs args) throws IOException {
        try (PrintWriter results = new PrintWriter(Files.newBufferedWriter(args.resultFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            StoreFactory factory;
            try {
                factory = StoreRegistry.factory(args.child);
            } catch (RuntimeException e) {
                System.out.println("[" + args.child + "] skipped: " + e.getMessage());
                results.println(Fields.encode(Map.of("kind", "skipped", "store", args.child, "reason", e.getMessage())));
                return 0;
            }
            new StoreProcess(args, factory, results).runAll();
            return 0;
        }
    }

    private void runAll() throws IOException {
        StoreDescription d = factory.describe(config);
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("kind", "describe");
        desc.put("store", d.store());
        desc.put("version", d.version());
        desc.put("compression", d.compression());
        desc.put("durability", d.durability());
        desc.put("cache", d.cache());
        desc.put("filter", d.filter());
        results.println(Fields.encode(desc));
        System.out.println("[" + name + "] " + d.version() + ", compression " + d.compression() + ", cache " + d.cache()
                + ", filter " + d.filter() + ", durability: " + d.durability());
        Directories.fresh(dir);
        try {
            warmUp();
            for (Workload w : args.workloads) {
                long writtenBefore = DiskWrites.bytes();
                PhaseResult r = phase(w);
                long written = DiskWrites.bytes() - writtenBefore;
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("kind", "result");
                fields.putAll(r.toFields());
                if (written >= 0 && writtenBefore >= 0) {
                    // Bytes this process sent to storage during the phase (Linux /proc/self/io
                    // write_bytes: counted when pages are dirtied, memory-mapped logs included).
                    fields.put("diskBytesWritten", written);
                    System.out.println("[" + name + "] " + w.name() + ": " + written + " bytes written to storage");
                }
                results.println(Fields.encode(fields));
                System.out.println(r.progressLine());
            }
            printAmplification();
        } finally {
            closeStore();
            if (!args.keep) {
                Directories.delete(dir);
                Directories.delete(syncDir());
            }
        }
    }

    /**
     * Runs every kind of operation on a small scratch store, unmeasured, so every store meets the
     * measured phases with its hot paths compiled: a fill and several overwrites, each flushed
     * (an LSM store then reads through several tables and, once it compacts, a level as well as
     * its memtable), then point reads, misses, both scans and seeks, each repeated for about a
     * second, deletes, and synced puts by many writers. The reads run after a reopen, as the
     * measured ones do, and the cache is scaled down below the data, so it fills and evicts.
     * Failures are left for the measured phases to report.
     */
    private void warmUp() throws IOException {
        long keys = args.warmup();
        if (keys <= 0) {
            return;
        }
        System.out.println("[" + name + "] warm-up: " + keys + " keys, cache " + (config.scaledTo(keys).cacheBytes() >> 20)
                + " MiB (not measured)");
        BenchArgs small = args.withNum(keys);
        Path scratch = args.dir.resolve(name + "-warmup");
        Directories.fresh(scratch);
        // The cache shrinks to a quarter of the data's share, so the warm-up fills it and evicts
        // from it (a 64 MiB cache never fills with a tenth of a 300 000-key store, and a tenth of
        // it barely does). The measured phases evict once a compaction's new tables are read
        // while the old ones are still cached; a store whose eviction path was never run in the
        // warm-up recompiled its whole read path in the middle of the measured reads.
        StoreConfig warm = config.scaledTo(keys / WARM_UP_CACHE_DIVISOR);
        try {
            BenchStore s = factory.open(scratch, warm);
            try {
                s.executor().run(Phases.plan(Workload.FILLRANDOM, small, values));
                for (int i = 0; i < WARM_UP_FLUSHES; i++) {
                    s.flush();
                    s.executor().run(Phases.plan(Workload.OVERWRITE, small, values));
                }
            } finally {
                s.close();
            }
            // The measured reads follow a reopen, so these do too: a store then starts with empty
            // write buffers and cold caches, and its read path should have been compiled for that.
            s = factory.open(scratch, warm);
            try {
                // Reads repeat for a while: a JIT compiler on two cpus needs that long to finish
                // compiling a read path; one pass over the small store leaves it half compiled.
                for (Workload w : List.of(Workload.READRANDOM, Workload.READMISSING, Workload.READSEQ,
                        Workload.READREVERSE, Workload.SEEKRANDOM)) {
                    warmUpPhase(s, w, small, WARM_UP_READ_ROUNDS, WARM_UP_READ_NANOS);
                }
                warmUpPhase(s, Workload.DELETERANDOM, small, 1, 0);
                warmUpPhase(s, Workload.MERGERANDOM, small, 1, 0);
                // Synced puts by many writers take their own path (group commit, fsync, waking
                // the writers a sync acknowledges), which no other workload runs.
                warmUpPhase(s, Workload.FILLSYNC, small, WARM_UP_READ_ROUNDS, WARM_UP_READ_NANOS / 2);
                warmUpYcsb(s, small);
            } finally {
                s.close();
            }
        } catch (Exception | Error e) {
            System.out.println("[" + name + "] warm-up failed: " + e);
        } finally {
            Directories.delete(scratch);
        }
    }

    /** When the run has YCSB workloads: the YCSB load over the warm-up keys, then each mix the run names. */
    private void warmUpYcsb(BenchStore s, BenchArgs small) throws Exception {
        if (args.workloads.stream().noneMatch(Workload::isYcsbMix)) {
            return;
        }
        warmUpPhase(s, Workload.YCSBLOAD, small, 1, 0);
        for (Workload w : args.workloads) {
            if (w.isYcsbMix()) {
                warmUpPhase(s, w, small, WARM_UP_READ_ROUNDS, WARM_UP_READ_NANOS / 2);
            }
        }
    }

    /** Runs {@code w} unmeasured, at least once, until {@code rounds} runs or {@code nanos} have passed. */
    private void warmUpPhase(BenchStore s, Workload w, BenchArgs small, int rounds, long nanos) throws Exception {
        long until = System.nanoTime() + nanos;
        int done = 0;
        try {
            do {
                s.executor().run(Phases.plan(w, small, values));
            } while (++done < rounds && System.nanoTime() < until);
        } catch (UnsupportedOperationException e) {
            // e.g. iq80 LevelDB has no reverse scan: warm the rest
        }
    }

    private PhaseResult phase(Workload w) {
        long retriesBefore = retries();
        if (openFailure != null) {
            return PhaseResult.failed(name, w.id(), 0, 0, openFailure, args.threads);
        }
        try {
            if (w.isYcsbMix() && !ycsbLoaded) {
                System.out.println("[" + name + "] setup: ycsbload " + args.num + " records (not measured)");
                reset();
                store.executor().run(Phases.plan(Workload.YCSBLOAD, args, values));
                filled = true;
                ycsbLoaded = true;
                retriesBefore = retries();
            } else if (w.needsData() && !filled) {
                System.out.println("[" + name + "] setup: fillseq " + args.num + " keys (not measured)");
                reset();
                store.executor().run(Phases.plan(Workload.FILLSEQ, args, values));
                filled = true;
                retriesBefore = retries();
            } else if (store == null && w != Workload.REOPEN && w != Workload.FILLSYNC) {
                // A first workload that needs no data (mergerandom) gets a fresh, empty store.
                reset();
            }
            return switch (w) {
                case REOPEN -> reopen(retriesBefore);
                case FILLSYNC -> fillSync();
                default -> {
                    boolean fill = w == Workload.FILLSEQ || w == Workload.FILLRANDOM || w == Workload.YCSBLOAD;
                    if (fill) {
                        reset();
                    }
                    PhasePlan plan = Phases.plan(w, args, values);
                    PhaseOutcome o = store.executor().run(plan);
                    if (fill) {
                        filled = true;
                        ycsbLoaded = w == Workload.YCSBLOAD;
                    }
                    yield result(w, o, plan.measured().size(), Directories.size(dir),
                            retries() - retriesBefore);
                }
            };
        } catch (Exception | Error e) {
            String why = openFailure != null ? openFailure : e instanceof UnsupportedOperationException
                    ? "unsupported by " + name + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    : "failed: " + e;
            if (openFailure == null && !(e instanceof UnsupportedOperationException)) {
                e.printStackTrace(System.out);
            }
            return PhaseResult.failed(name, w.id(), Directories.size(dir), retries() - retriesBefore, why, args.threads);
        }
    }

    /** With {@code --advice}: the store's measured amplification and compaction advice, after the last phase. */
    private void printAmplification() {
        if (!args.advice || store == null) {
            return;
        }
        try {
            String report = store.amplificationReport();
            if (report != null) {
                for (String line : report.split("\n")) {
                    System.out.println("[" + name + "] " + line);
                }
            }
        } catch (RuntimeException e) {
            System.out.println("[" + name + "] amplification report failed: " + e);
        }
    }

    private PhaseResult reopen(long retriesBefore) throws Exception {
        closeStore();
        long start = System.nanoTime();
        store = openOrRemember(dir);
        long nanos = System.nanoTime() - start;
        double micros = nanos / 1000.0;
        return new PhaseResult(name, Workload.REOPEN.id(), 1e9 / nanos, micros, micros, Directories.size(dir), 1,
                nanos / 1e9, 1, 0, 0, retries() - retriesBefore, null, args.threads, -1);
    }

    private PhaseResult fillSync() throws Exception {
        Path syncDir = syncDir();
        Directories.fresh(syncDir);
        BenchStore syncStore = openOrRemember(syncDir);
        long before = counter(syncStore);
        PhaseOutcome o;
        long retries;
        try {
            o = syncStore.executor().run(Phases.plan(Workload.FILLSYNC, args, values));
            retries = counter(syncStore) - before;
        } finally {
            syncStore.close();
        }
        long bytes = Directories.size(syncDir);
        if (!args.keep) {
            Directories.delete(syncDir);
        }
        return result(Workload.FILLSYNC, o, args.syncThreads, bytes, retries);
    }

    private PhaseResult result(Workload w, PhaseOutcome o, int workers, long bytes, long retries) {
        double seconds = o.nanos() / 1e9;
        return new PhaseResult(name, w.id(), o.ops() / seconds, o.latency().percentileMicros(50),
                o.latency().percentileMicros(99), bytes, o.ops(), seconds, workers, o.found(), o.backgroundOps(),
                retries, null, args.threads, o.allocatedBytesPerOp());
    }

    private void reset() throws Exception {
        closeStore();
        Directories.fresh(dir);
        store = openOrRemember(dir);
    }

    /** Opens the store; a failure is remembered so that later phases do not try again. */
    private BenchStore openOrRemember(Path where) throws Exception {
        try {
            return factory.open(where, config);
        } catch (Exception | Error e) {
            openFailure = (e instanceof UnsupportedOperationException ? "unsupported by " + name + ": " : "failed: ")
                    + "the store does not open (" + e + ")";
            throw e;
        }
    }

    private void closeStore() {
        if (store != null) {
            BenchStore s = store;
            store = null;
            s.close();
        }
    }

    private Path syncDir() {
        return args.dir.resolve(name + "-fillsync");
    }

    private long retries() {
        return store == null ? 0 : counter(store);
    }

    private static long counter(BenchStore s) {
        return s.counters().getOrDefault("retries", 0L);
    }
}

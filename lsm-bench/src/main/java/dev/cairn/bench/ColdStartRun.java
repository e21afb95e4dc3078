// The body of a cold-start child JVM. "fill" writes the keys the cold runs read; "run" is the
// measured cold start: open the store, run the mixed operations (50 % gets of filled keys, 50 %
// puts over them) on one worker with a progress stamp every --mark-every operations, close,
// and append one line of figures to the result file. Nothing runs before it in the JVM (no
// warm-up): what it measures is what a CLI or a desktop app pays on each start. Single-threaded
// apart from the phase executor's worker.
package dev.cairn.bench;

import dev.cairn.bench.run.KeyStream;
import dev.cairn.bench.run.OpKind;
import dev.cairn.bench.run.PhaseOutcome;
import dev.cairn.bench.run.PhasePlan;
import dev.cairn.bench.run.ValuePool;
import dev.cairn.bench.run.WorkerSpec;
import dev.cairn.bench.store.BenchStore;
import dev.cairn.bench.store.StoreConfig;
import dev.cairn.bench.store.StoreFactory;
import dev.cairn.bench.ycsb.YcsbMix;
import dev.cairn.bench.ycsb.YcsbPhase;
import dev.cairn.bench.ycsb.YcsbWorker;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs one cold-start child: a fill, or a measured cold run. */
final class ColdStartRun {
    private static final int VALUE_SIZE = 100;

    private ColdStartRun() {
    }

    /**
     * @param a the child's options ({@code --child fill|run --store S --dir D})
     * @param mainNanos {@link System#nanoTime()} when main was entered
     * @throws Exception when the store fails
     */
    static void run(ColdStartArgs a, long mainNanos) throws Exception {
        long jvmToMainMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        StoreFactory factory = StoreRegistry.factory(a.store);
        StoreConfig config = new StoreConfig(64L << 20, 10, a.num, VALUE_SIZE, 2);
        ValuePool values = new ValuePool(VALUE_SIZE, a.seed);
        if (a.child.equals("fill")) {
            try (BenchStore store = factory.open(a.dir, config)) {
                store.executor().run(new PhasePlan(List.of(new WorkerSpec(OpKind.PUT, a.num, KeyStream.sequential(0))), null,
                        values));
            }
            return;
        }
        long openStart = System.nanoTime();
        BenchStore store = factory.open(a.dir, config);
        long opsStart = System.nanoTime();
        YcsbPhase phase = new YcsbPhase(YcsbMix.COLD_START, a.num, a.ops, a.num, a.markEvery);
        PhaseOutcome o = store.executor().run(new PhasePlan(
                List.of(new WorkerSpec(OpKind.YCSB, a.ops, null, new YcsbWorker(phase, a.seed))), null, values));
        long closeStart = System.nanoTime();
        store.close();
        long end = System.nanoTime();
        WarmUpCurve curve = WarmUpCurve.of(opsStart, phase.marks(), a.markEvery);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("store", a.store);
        f.put("jvm_to_main_ms", jvmToMainMillis);
        f.put("main_to_open_ms", (openStart - mainNanos) / 1e6);
        f.put("open_ms", (opsStart - openStart) / 1e6);
        f.put("ops_ms", (closeStart - opsStart) / 1e6);
        f.put("close_ms", (end - closeStart) / 1e6);
        f.put("in_process_ms", (end - openStart) / 1e6);
        f.put("ops", o.ops());
        f.put("found", o.found());
        f.put("steady_ops_per_sec", curve.steadyOpsPerSec());
        f.put("warmup_ms", curve.warmUpMillis());
        f.put("chunk_kops", Arrays.stream(curve.chunkOpsPerSec()).mapToObj(r -> String.format(Locale.ROOT, "%.1f", r / 1000))
                .collect(Collectors.joining(" ")));
        Files.writeString(a.resultFile, Fields.encode(f) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}

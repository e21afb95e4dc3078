// Turns a workload and the options into the workers of one phase. Stateless; the shuffled key
// order for fillrandom is computed once per call.
package dev.cairn.bench;

import dev.cairn.bench.run.KeyStream;
import dev.cairn.bench.run.OpKind;
import dev.cairn.bench.run.PhasePlan;
import dev.cairn.bench.run.ValuePool;
import dev.cairn.bench.run.WorkerSpec;
import dev.cairn.bench.ycsb.YcsbMix;
import dev.cairn.bench.ycsb.YcsbPhase;
import dev.cairn.bench.ycsb.YcsbWorker;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link PhasePlan} for a workload. */
final class Phases {
    private Phases() {
    }

    /**
     * @param w the workload (not {@link Workload#REOPEN}, which has no workers)
     * @param a the options
     * @param values the value pool
     * @return the plan
     */
    static PhasePlan plan(Workload w, BenchArgs a, ValuePool values) {
        long seed = a.seed * 1_000_003L + w.ordinal() * 10_007L;
        return switch (w) {
            case FILLSEQ -> new PhasePlan(List.of(new WorkerSpec(OpKind.PUT, a.num, KeyStream.sequential(0))), null, values);
            case FILLRANDOM -> shuffledFill(a, seed, values);
            case YCSBLOAD -> shuffledFill(a, seed, records(a));
            case YCSBA -> ycsb(YcsbMix.A, w, a, seed);
            case YCSBB -> ycsb(YcsbMix.B, w, a, seed);
            case YCSBC -> ycsb(YcsbMix.C, w, a, seed);
            case YCSBD -> ycsb(YcsbMix.D, w, a, seed);
            case YCSBE -> ycsb(YcsbMix.E, w, a, seed);
            case YCSBF -> ycsb(YcsbMix.F, w, a, seed);
            case OVERWRITE -> uniform(OpKind.PUT, a.num, a.threads, a, seed, values, null);
            case READRANDOM -> uniform(OpKind.GET, a.reads(), a.threads, a, seed, values, null);
            case READMISSING -> uniform(OpKind.GET_MISSING, a.reads(), a.threads, a, seed, values, null);
            case READSEQ -> new PhasePlan(List.of(new WorkerSpec(OpKind.SCAN_FORWARD, Long.MAX_VALUE, null)), null, values);
            case READREVERSE -> new PhasePlan(List.of(new WorkerSpec(OpKind.SCAN_REVERSE, Long.MAX_VALUE, null)), null, values);
            case SEEKRANDOM -> uniform(OpKind.SEEK_NEXT10, a.reads(), a.threads, a, seed, values, null);
            case READWHILEWRITING -> uniform(OpKind.GET, a.reads(), a.threads, a, seed, values,
                    new WorkerSpec(OpKind.PUT, Long.MAX_VALUE, KeyStream.uniform(a.num, seed - 1)));
            case DELETERANDOM -> uniform(OpKind.DELETE, a.num, a.threads, a, seed, values, null);
            case FILLSYNC -> uniform(OpKind.PUT_SYNC, a.syncOps(), a.syncThreads, a, seed, values, null);
            case MERGERANDOM -> uniform(OpKind.MERGE, a.num, a.threads, a, seed, values, null);
            case REOPEN -> throw new IllegalArgumentException("reopen has no workers");
        };
    }

    /** Every key of [0, num) once, in a seeded shuffled order, split between --threads writers. */
    private static PhasePlan shuffledFill(BenchArgs a, long seed, ValuePool values) {
        int[] order = KeyStream.shuffled((int) a.num, seed);
        List<WorkerSpec> workers = new ArrayList<>();
        long per = a.num / a.threads;
        for (int t = 0; t < a.threads; t++) {
            long ops = t == a.threads - 1 ? a.num - per * t : per;
            workers.add(new WorkerSpec(OpKind.PUT, ops, KeyStream.slice(order, (int) (per * t))));
        }
        return new PhasePlan(workers, null, values);
    }

    /**
     * {@code reads} operations of a YCSB mix over the {@code num} loaded records, split between
     * --threads workers. Each mix inserts into its own key range past the records (D after num,
     * E after num + reads), so a run of several mixes never inserts a key twice.
     */
    private static PhasePlan ycsb(YcsbMix mix, Workload w, BenchArgs a, long seed) {
        long insertBase = a.num + (long) (w.ordinal() - Workload.YCSBA.ordinal()) * a.reads();
        YcsbPhase phase = new YcsbPhase(mix, a.num, a.reads(), insertBase, 0);
        List<WorkerSpec> workers = new ArrayList<>();
        long per = a.reads() / a.threads;
        for (int t = 0; t < a.threads; t++) {
            long ops = t == a.threads - 1 ? a.reads() - per * t : per;
            workers.add(new WorkerSpec(OpKind.YCSB, ops, null, new YcsbWorker(phase, seed + t)));
        }
        return new PhasePlan(workers, null, records(a));
    }

    /** @return the pool YCSB records are cut from: 1000-byte values (ten 100-byte fields) */
    static ValuePool records(BenchArgs a) {
        return new ValuePool(YcsbWorker.RECORD_SIZE, a.seed);
    }

    private static PhasePlan uniform(OpKind kind, long total, int workers, BenchArgs a, long seed, ValuePool values,
                                     WorkerSpec background) {
        List<WorkerSpec> specs = new ArrayList<>();
        long per = total / workers;
        for (int t = 0; t < workers; t++) {
            long ops = t == workers - 1 ? total - per * t : per;
            specs.add(new WorkerSpec(kind, ops, KeyStream.uniform(a.num, seed + t)));
        }
        return new PhasePlan(specs, background, values);
    }
}

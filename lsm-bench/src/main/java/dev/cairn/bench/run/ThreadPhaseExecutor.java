// Runs each worker of a phase on its own platform thread with its own session. The measured
// workers start together (a latch); the clock stops when the last one is done, then the
// background worker is told to stop. Each measured worker reads its thread's allocation
// counter around its loop. Thread-safe for one phase at a time.
package dev.cairn.bench.run;

import dev.cairn.bench.store.BenchStore;
import dev.cairn.bench.store.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/** The default {@link PhaseExecutor}: one platform thread and one session per worker. */
public final class ThreadPhaseExecutor implements PhaseExecutor {
    private final BenchStore store;

    /** @param store the store the sessions come from */
    public ThreadPhaseExecutor(BenchStore store) {
        this.store = store;
    }

    @Override
    public PhaseOutcome run(PhasePlan plan) throws Exception {
        int measured = plan.measured().size();
        int total = measured + (plan.background() == null ? 0 : 1);
        ExecutorService pool = Executors.newFixedThreadPool(total);
        CountDownLatch ready = new CountDownLatch(total);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            List<Latency> latencies = new ArrayList<>();
            for (WorkerSpec spec : plan.measured()) {
                Latency latency = new Latency();
                latencies.add(latency);
                futures.add(pool.submit(() -> work(spec, plan.values(), latency, () -> false, ready, go)));
            }
            Future<long[]> background = plan.background() == null ? null
                    : pool.submit(() -> work(plan.background(), plan.values(), new Latency(), stop::get, ready, go));
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            long ops = 0;
            long found = 0;
            long allocated = 0;
            try {
                for (Future<long[]> f : futures) {
                    long[] r = f.get();
                    ops += r[0];
                    found += r[1];
                    allocated = allocated < 0 || r[2] < 0 ? -1 : allocated + r[2];
                }
            } finally {
                stop.set(true);
            }
            long nanos = System.nanoTime() - start;
            long backgroundOps = background == null ? 0 : background.get()[0];
            Latency merged = new Latency();
            latencies.forEach(merged::add);
            return new PhaseOutcome(ops, nanos, merged, found, backgroundOps, allocated);
        } catch (ExecutionException e) {
            stop.set(true);
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            stop.set(true);
            pool.shutdown();
        }
    }

    private long[] work(WorkerSpec spec, ValuePool values, Latency latency, BooleanSupplier stop,
                        CountDownLatch ready, CountDownLatch go) throws InterruptedException {
        ready.countDown();
        go.await();
        try (Session session = store.session()) {
            long before = AllocationMeter.currentThread();
            long[] r = WorkerLoop.run(session, spec, values, latency, stop);
            long after = AllocationMeter.currentThread();
            return new long[] {r[0], r[1], before < 0 ? -1 : after - before};
        }
    }
}

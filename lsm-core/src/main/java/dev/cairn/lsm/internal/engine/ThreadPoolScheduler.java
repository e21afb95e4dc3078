// The default BackgroundScheduler: a fixed pool of daemon platform threads owned by one store.
// Thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.BackgroundScheduler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default {@link BackgroundScheduler}: a fixed pool of daemon platform threads named
 * "cairn-bg-N". Owned by one store and shut down when the store closes.
 */
final class ThreadPoolScheduler implements BackgroundScheduler {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private final ExecutorService pool;

    ThreadPoolScheduler(int threads) {
        int id = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "cairn-bg-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Job job) {
        pool.execute(job::run);
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }
}

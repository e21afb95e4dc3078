// The txn workload of lsm-bench: transfer transactions (read two counters, write both, commit,
// retry on conflict) against plain two-put batches of the same shape, with 1, 8 and 64 concurrent
// writers (--threads LIST), under low contention (keys uniform over --num keys) and high
// contention (a hot set of --hot keys, 16 by default). Counts commits per second and the
// conflicts retried. Each case runs on a fresh store in its own directory, in this JVM, one store
// after the other. Writes are not synced (each store's default). Single-threaded apart from the
// writer threads of a case.
//   java -cp lsm-bench.jar dev.cairn.bench.txn.TxnBench --stores cairn,cairn-kotlin,rocksdb --num 50000
package dev.cairn.bench.txn;

import dev.cairn.bench.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/** Entry point of the txn workload; see {@link TxnArgs#usage()}. */
public final class TxnBench {
    private TxnBench() {
    }

    /**
     * @param argv the command line
     * @throws Exception when the harness itself fails
     */
    public static void main(String[] argv) throws Exception {
        TxnArgs a;
        try {
            a = TxnArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (a.help) {
            System.out.println(TxnArgs.usage());
            return;
        }
        Path root = a.dir != null ? Files.createDirectories(a.dir) : Files.createTempDirectory("cairn-txn-bench");
        StoreConfig config = new StoreConfig(a.cacheMb << 20, a.bloomBits, a.num, Counters.VALUE_SIZE,
                a.threads.stream().mapToInt(Integer::intValue).max().orElse(1));
        System.out.println("# txn: " + a.ops + " operations per case, key space " + a.num + " (low) or " + a.hot
                + " hot keys (high), writers " + a.threads + ", values " + Counters.VALUE_SIZE + " B, not synced, seed " + a.seed);
        System.out.println();
        System.out.println("| store | contention | writers | kind | commits/s | conflicts retried | retries per commit |");
        System.out.println("|---|---|---:|---|---:|---:|---:|");
        for (String store : a.stores) {
            String why = TransferTargets.unsupported(store);
            if (why != null) {
                System.out.println("| " + store + " | | | unsupported: " + why + " | | | |");
                continue;
            }
            try {
                runStore(store, a, root, config);
            } catch (Exception | LinkageError e) {
                System.out.println("| " + store + " | | | failed: " + e + " | | | |");
            }
        }
        if (a.dir == null) {
            delete(root);
        }
    }

    /** Runs every case of one store: low and high contention, each writer count, transactions then batches. */
    private static void runStore(String store, TxnArgs a, Path root, StoreConfig config) throws Exception {
        for (int keys : new int[] {a.num, a.hot}) {
            for (int writers : a.threads) {
                for (boolean tx : new boolean[] {true, false}) {
                    Path dir = root.resolve(store + "-" + keys + "-" + writers + (tx ? "-txn" : "-batch"));
                    long[] r;
                    try (TransferTarget target = TransferTargets.open(store, dir, config)) {
                        r = run(target, keys, writers, tx, a.ops, a.seed);
                    }
                    delete(dir);
                    double seconds = r[2] / 1e9;
                    System.out.printf("| %s | %s | %d | %s | %.0f | %d | %.3f |%n", store,
                            keys == a.num ? "low (" + keys + " keys)" : "high (" + keys + " hot keys)", writers,
                            tx ? "transaction" : "batch", r[0] / seconds, r[1], r[0] == 0 ? 0.0 : (double) r[1] / r[0]);
                }
            }
        }
    }

    /** @return {commits, conflicts, elapsed nanos} */
    private static long[] run(TransferTarget target, int keys, int writers, boolean tx, long ops, long seed)
            throws Exception {
        AtomicLong commits = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        byte[] value = Counters.encode(1);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            long share = ops / writers + (w < ops % writers ? 1 : 0);
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + w);
            Thread thread = new Thread(() -> {
                try {
                    for (long i = 0; i < share; i++) {
                        int x = random.nextInt(keys);
                        int y = (x + 1 + random.nextInt(keys - 1)) % keys;
                        if (tx) {
                            conflicts.addAndGet(target.transfer(key(x), key(y)));
                        } else {
                            target.batch(key(x), key(y), value);
                        }
                        commits.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "txn-writer-" + w);
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("a writer failed: " + failure.get(), failure.get());
        }
        return new long[] {commits.get(), conflicts.get(), elapsed};
    }

    private static byte[] key(int i) {
        return String.format("key%010d", i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void delete(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

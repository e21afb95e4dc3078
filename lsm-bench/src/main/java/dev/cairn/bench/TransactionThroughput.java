// A small measurement of transaction throughput, not part of the harness's phases: writers each
// run read-two-write-two transactions (a transfer) in a loop, retried on conflict, for a fixed time,
// at 1, 8 and 64 threads, over random keys of a 1 M key space (low contention) and over 10 hot keys
// (high contention); beside the same writers doing plain two-put WriteBatches. Writes are not
// synced (the store's default). Prints one line per case. Run:
//   java -cp lsm-bench/target/classes:$(deps) dev.cairn.bench.TransactionThroughput [dir] [seconds]
package dev.cairn.bench;

import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.Transaction;
import dev.cairn.lsm.TransactionConflictException;
import dev.cairn.lsm.TransactionOptions;
import dev.cairn.lsm.WriteBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Measures committed transactions per second against plain batches of the same size. */
public final class TransactionThroughput {
    private TransactionThroughput() {
    }

    /**
     * @param args an optional scratch directory (a temporary one by default) and seconds per case
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("cairn-tx-bench");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        System.out.printf("%-6s %-5s %-8s %12s %12s%n", "kind", "keys", "writers", "commits/s", "conflicts/s");
        for (int keys : new int[] {1_000_000, 10}) {
            for (int writers : new int[] {1, 8, 64}) {
                for (boolean tx : new boolean[] {true, false}) {
                    Path dir = root.resolve((tx ? "tx-" : "batch-") + keys + "-" + writers);
                    long[] r = run(dir, keys, writers, tx, (long) (seconds * 1e9));
                    System.out.printf("%-6s %-5s %-8d %12.0f %12.0f%n", tx ? "tx" : "batch", keys == 10 ? "10" : "1M",
                            writers, r[0] / seconds, r[1] / seconds);
                    delete(dir);
                }
            }
        }
    }

    /** @return {commits, conflicts} */
    private static long[] run(Path dir, int keys, int writers, boolean tx, long nanos) throws InterruptedException {
        AtomicLong commits = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        try (LsmStore db = LsmStore.open(dir, StoreOptions.defaults())) {
            long end = System.nanoTime() + nanos;
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                SplittableRandom random = new SplittableRandom(w);
                Thread thread = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        byte[] a = key(random.nextInt(keys));
                        byte[] b = key(random.nextInt(keys));
                        if (!tx) {
                            db.write(new WriteBatch().put(a, value(1)).put(b, value(2)));
                            commits.incrementAndGet();
                            continue;
                        }
                        try (Transaction t = db.beginTransaction(TransactionOptions.defaults())) {
                            long va = read(t.get(a));
                            long vb = read(t.get(b));
                            t.put(a, value(va - 1));
                            t.put(b, value(vb + 1));
                            t.commit();
                            commits.incrementAndGet();
                        } catch (TransactionConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        return new long[] {commits.get(), conflicts.get()};
    }

    private static byte[] key(int i) {
        return String.format("key%08d", i).getBytes();
    }

    private static byte[] value(long v) {
        return ByteBuffer.allocate(100).putLong(v).array();
    }

    private static long read(byte[] v) {
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

// The worker loop of a YCSB phase on a blocking Session: draw an operation, run it, time it.
// A loop of its own (see WorkerLoop's file comment: one loop per kind keeps each loop's JIT
// profile). Runs on the calling thread.
package dev.cairn.bench.ycsb;

import dev.cairn.bench.run.KeySpace;
import dev.cairn.bench.run.Latency;
import dev.cairn.bench.run.ValuePool;
import dev.cairn.bench.store.Session;
import java.util.function.BooleanSupplier;

/** Runs one worker's share of a YCSB phase. */
public final class YcsbLoop {
    private YcsbLoop() {
    }

    /**
     * @param session the worker's session
     * @param worker the worker's draws
     * @param ops operations to run
     * @param values a pool of {@link YcsbWorker#RECORD_SIZE}-byte values
     * @param latency where each operation's latency goes
     * @param stop checked between operations; true ends the worker early
     * @return {ops done, found}: reads that found their record plus records read by scans
     */
    public static long[] run(Session session, YcsbWorker worker, long ops, ValuePool values, Latency latency,
                             BooleanSupplier stop) {
        long done = 0;
        long found = 0;
        while (done < ops && !stop.getAsBoolean()) {
            YcsbOp op = worker.nextOp();
            long start;
            switch (op) {
                case READ -> {
                    byte[] key = worker.chooseKey();
                    start = System.nanoTime();
                    found += session.get(key) != null ? 1 : 0;
                }
                case UPDATE -> {
                    byte[] key = worker.chooseKey();
                    byte[] record = worker.record(values);
                    start = System.nanoTime();
                    session.put(key, record, false);
                }
                case INSERT -> {
                    long k = worker.claimInsert();
                    byte[] key = KeySpace.key(k);
                    byte[] record = worker.record(values);
                    start = System.nanoTime();
                    session.put(key, record, false);
                    worker.inserted(k);
                }
                case SCAN -> {
                    byte[] key = worker.chooseKey();
                    int length = worker.scanLength();
                    start = System.nanoTime();
                    found += session.seekAndNext(key, length - 1);
                }
                default -> {
                    byte[] key = worker.chooseKey();
                    start = System.nanoTime();
                    byte[] old = session.get(key);
                    found += old != null ? 1 : 0;
                    session.put(key, worker.withOneFieldChanged(old, values), false);
                }
            }
            latency.record(System.nanoTime() - start);
            worker.progress(++done);
        }
        return new long[] {done, found};
    }
}

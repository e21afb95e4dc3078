// The body of one worker: repeat one operation kind on a session, timing each operation.
// Runs on the calling thread; the stop flag is read between operations.
package dev.cairn.bench.run;

import dev.cairn.bench.store.ScanCursor;
import dev.cairn.bench.store.Session;
import java.util.function.BooleanSupplier;

/** Runs one {@link WorkerSpec} on one {@link Session}. */
public final class WorkerLoop {
    /** Entries a scan reads between two clock reads. */
    public static final int SCAN_CHUNK = 1000;

    private WorkerLoop() {
    }

    /**
     * Runs the worker.
     *
     * @param session the worker's session
     * @param spec what to do
     * @param values where put values come from
     * @param latency where to record each operation's latency
     * @param stop checked between operations; true ends the worker early
     * @return {ops done, found}
     */
    public static long[] run(Session session, WorkerSpec spec, ValuePool values, Latency latency,
                             BooleanSupplier stop) {
        if (spec.kind() == OpKind.SCAN_FORWARD || spec.kind() == OpKind.SCAN_REVERSE) {
            return scan(session, spec, latency);
        }
        long done = 0;
        long found = 0;
        KeyStream keys = spec.keys();
        while (done < spec.ops() && !stop.getAsBoolean()) {
            long k = keys.next();
            long start;
            switch (spec.kind()) {
                case PUT, PUT_SYNC -> {
                    byte[] key = KeySpace.key(k);
                    byte[] value = values.value(k + done);
                    start = System.nanoTime();
                    session.put(key, value, spec.kind() == OpKind.PUT_SYNC);
                }
                case GET -> {
                    byte[] key = KeySpace.key(k);
                    start = System.nanoTime();
                    if (session.get(key) != null) {
                        found++;
                    }
                }
                case GET_MISSING -> {
                    byte[] key = KeySpace.missingKey(k);
                    start = System.nanoTime();
                    if (session.get(key) != null) {
                        found++;
                    }
                }
                case DELETE -> {
                    byte[] key = KeySpace.key(k);
                    start = System.nanoTime();
                    session.delete(key);
                }
                case SEEK_NEXT10 -> {
                    byte[] key = KeySpace.key(k);
                    start = System.nanoTime();
                    found += session.seekAndNext(key, 10);
                }
                default -> throw new IllegalStateException("unexpected " + spec.kind());
            }
            latency.record(System.nanoTime() - start);
            done++;
        }
        return new long[] {done, found};
    }

    private static long[] scan(Session session, WorkerSpec spec, Latency latency) {
        long done = 0;
        try (ScanCursor cursor = session.scan(spec.kind() == OpKind.SCAN_REVERSE)) {
            boolean more = true;
            while (more && done < spec.ops()) {
                int max = (int) Math.min(SCAN_CHUNK, spec.ops() - done);
                long start = System.nanoTime();
                int n = cursor.steps(max);
                latency.recordSpread(System.nanoTime() - start, n);
                more = n == max;
                done += n;
            }
        }
        return new long[] {done, done};
    }
}

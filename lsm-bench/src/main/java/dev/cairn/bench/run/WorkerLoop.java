// The body of one worker: repeat one operation kind on a session, timing each operation.
// Runs on the calling thread; the stop flag is read between operations.
//
// Each operation kind has a loop of its own. With one loop switching on the kind, the JIT
// compiles that loop for the kinds it has seen so far (a fill's puts) and throws the compiled
// code away when the next phase takes another branch (the reads after the fills): the measured
// read phase then started in the interpreter and shared the cpu with the recompilation, for
// every store alike. A loop per kind is compiled once, in the warm-up, for the kind it runs.
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
        return switch (spec.kind()) {
            case PUT -> puts(session, spec, values, latency, stop, false);
            case PUT_SYNC -> puts(session, spec, values, latency, stop, true);
            case GET -> gets(session, spec, latency, stop);
            case GET_MISSING -> missingGets(session, spec, latency, stop);
            case DELETE -> deletes(session, spec, latency, stop);
            case SEEK_NEXT10 -> seeks(session, spec, latency, stop);
            case SCAN_FORWARD, SCAN_REVERSE -> scan(session, spec, latency);
        };
    }

    private static long[] puts(Session session, WorkerSpec spec, ValuePool values, Latency latency,
                               BooleanSupplier stop, boolean sync) {
        long done = 0;
        KeyStream keys = spec.keys();
        while (done < spec.ops() && !stop.getAsBoolean()) {
            long k = keys.next();
            byte[] key = KeySpace.key(k);
            byte[] value = values.value(k + done);
            long start = System.nanoTime();
            session.put(key, value, sync);
            latency.record(System.nanoTime() - start);
            done++;
        }
        return new long[] {done, 0};
    }

    private static long[] gets(Session session, WorkerSpec spec, Latency latency, BooleanSupplier stop) {
        long done = 0;
        long found = 0;
        KeyStream keys = spec.keys();
        while (done < spec.ops() && !stop.getAsBoolean()) {
            byte[] key = KeySpace.key(keys.next());
            long start = System.nanoTime();
            if (session.get(key) != null) {
                found++;
            }
            latency.record(System.nanoTime() - start);
            done++;
        }
        return new long[] {done, found};
    }

    private static long[] missingGets(Session session, WorkerSpec spec, Latency latency, BooleanSupplier stop) {
        long done = 0;
        long found = 0;
        KeyStream keys = spec.keys();
        while (done < spec.ops() && !stop.getAsBoolean()) {
            byte[] key = KeySpace.missingKey(keys.next());
            long start = System.nanoTime();
            if (session.get(key) != null) {
                found++;
            }
            latency.record(System.nanoTime() - start);
            done++;
        }
        return new long[] {done, found};
    }

    private static long[] deletes(Session session, WorkerSpec spec, Latency latency, BooleanSupplier stop) {
        long done = 0;
        KeyStream keys = spec.keys();
        while (done < spec.ops() && !stop.getAsBoolean()) {
            byte[] key = KeySpace.key(keys.next());
            long start = System.nanoTime();
            session.delete(key);
            latency.record(System.nanoTime() - start);
            done++;
        }
        return new long[] {done, 0};
    }

    private static long[] seeks(Session session, WorkerSpec spec, Latency latency, BooleanSupplier stop) {
        long done = 0;
        long found = 0;
        KeyStream keys = spec.keys();
        while (done < spec.ops() && !stop.getAsBoolean()) {
            byte[] key = KeySpace.key(keys.next());
            long start = System.nanoTime();
            found += session.seekAndNext(key, 10);
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

// The body of one worker: repeat one operation kind on a session, timing each operation.
// Runs on the calling thread; the stop flag is read between operations.
//
// Each operation kind has a loop of its own. With one loop switching on the kind, the JIT
// compiles that loop for the kinds it has seen so far (a fill's puts) and throws the compiled
// code away when the next phase takes another branch (the reads after the fills): the measured
// read phase then started in the interpreter and shared the cpu with the recompilation, for
// every store alike. A loop per kind is compiled once, in the warm-up, for the kind it runs.
// So the loops stay apart, one method each, and only their books are shared: Tally is a final
// class whose small methods inline into every loop without a type check, so sharing it adds no
// polymorphic call site. What varies by phase (the Session, the KeyStream, the operation) is
// called from each loop's own bytecode, so each keeps its own profile.
package dev.cairn.bench.run;

import dev.cairn.bench.store.ScanCursor;
import dev.cairn.bench.store.Session;
import dev.cairn.bench.ycsb.YcsbLoop;
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
        Tally t = new Tally(spec.ops(), latency, stop);
        KeyStream keys = spec.keys();
        switch (spec.kind()) {
            case PUT -> puts(session, keys, values, t, false);
            case PUT_SYNC -> puts(session, keys, values, t, true);
            case GET -> gets(session, keys, t);
            case GET_MISSING -> missingGets(session, keys, t);
            case DELETE -> deletes(session, keys, t);
            case SEEK_NEXT10 -> seeks(session, keys, t);
            case MERGE -> merges(session, keys, t);
            case SCAN_FORWARD, SCAN_REVERSE -> {
                return scan(session, spec, latency);
            }
            case YCSB -> {
                return YcsbLoop.run(session, spec.ycsb(), spec.ops(), values, latency, stop);
            }
        }
        return new long[] {t.done, t.found};
    }

    // One loop per kind (see the file comment): do not fold these into one loop over a lambda.

    private static void puts(Session session, KeyStream keys, ValuePool values, Tally t, boolean sync) {
        while (t.more()) {
            long k = keys.next();
            byte[] key = KeySpace.key(k);
            byte[] value = values.value(k + t.done);
            session.put(t.start(key), value, sync);
            t.stop(0);
        }
    }

    private static void gets(Session session, KeyStream keys, Tally t) {
        while (t.more()) {
            t.stop(session.get(t.start(KeySpace.key(keys.next()))) != null ? 1 : 0);
        }
    }

    private static void missingGets(Session session, KeyStream keys, Tally t) {
        while (t.more()) {
            t.stop(session.get(t.start(KeySpace.missingKey(keys.next()))) != null ? 1 : 0);
        }
    }

    private static void deletes(Session session, KeyStream keys, Tally t) {
        while (t.more()) {
            session.delete(t.start(KeySpace.key(keys.next())));
            t.stop(0);
        }
    }

    private static void merges(Session session, KeyStream keys, Tally t) {
        byte[] one = KeySpace.counterIncrement();
        while (t.more()) {
            session.merge(t.start(KeySpace.counterKey(keys.next())), one);
            t.stop(0);
        }
    }

    private static void seeks(Session session, KeyStream keys, Tally t) {
        while (t.more()) {
            t.stop(session.seekAndNext(t.start(KeySpace.key(keys.next())), 10));
        }
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

    /**
     * One worker's books: operations done and found, the stop condition, and the clock around
     * each operation. Final and small, so its methods inline into each kind's loop.
     */
    private static final class Tally {
        private final long ops;
        private final Latency latency;
        private final BooleanSupplier stop;
        long done;
        long found;
        private long start;

        Tally(long ops, Latency latency, BooleanSupplier stop) {
            this.ops = ops;
            this.latency = latency;
            this.stop = stop;
        }

        /** @return whether to do another operation: some are left and the worker was not stopped */
        boolean more() {
            return done < ops && !stop.getAsBoolean();
        }

        /** Starts the clock for the operation on {@code key} (built before, so not timed); returns it. */
        byte[] start(byte[] key) {
            start = System.nanoTime();
            return key;
        }

        /** Stops the clock, records the operation's latency and counts it, with {@code hits} found. */
        void stop(long hits) {
            latency.record(System.nanoTime() - start);
            done++;
            found += hits;
        }
    }
}

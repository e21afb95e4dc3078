// What one worker does during a phase. The key stream and the YCSB worker inside are single-use
// and single-threaded.
package dev.cairn.bench.run;

import dev.cairn.bench.ycsb.YcsbWorker;

/**
 * One worker's share of a phase.
 *
 * @param kind the operation it repeats
 * @param ops how many operations; {@link Long#MAX_VALUE} for a background worker that runs
 *     until the measured workers are done; for scans, the most entries to read
 * @param keys the key numbers it visits (unused by scans and YCSB workers)
 * @param ycsb the worker's YCSB draws for {@link OpKind#YCSB}, otherwise null
 */
public record WorkerSpec(OpKind kind, long ops, KeyStream keys, YcsbWorker ycsb) {

    /**
     * A worker that is not a YCSB one.
     *
     * @param kind the operation it repeats
     * @param ops how many operations
     * @param keys the key numbers it visits
     */
    public WorkerSpec(OpKind kind, long ops, KeyStream keys) {
        this(kind, ops, keys, null);
    }
}

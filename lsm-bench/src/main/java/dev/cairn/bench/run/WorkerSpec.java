// What one worker does during a phase. The key stream inside is single-use and single-threaded.
package dev.cairn.bench.run;

/**
 * One worker's share of a phase.
 *
 * @param kind the operation it repeats
 * @param ops how many operations; {@link Long#MAX_VALUE} for a background worker that runs
 *     until the measured workers are done; for scans, the most entries to read
 * @param keys the key numbers it visits (unused by scans)
 */
public record WorkerSpec(OpKind kind, long ops, KeyStream keys) {
}

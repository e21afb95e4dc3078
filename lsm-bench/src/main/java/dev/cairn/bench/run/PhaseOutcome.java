// What running a phase produced. Immutable once returned.
package dev.cairn.bench.run;

/**
 * The measurements of one phase.
 *
 * @param ops measured operations completed
 * @param nanos wall time from the workers' common start until the last measured one finished
 * @param latency merged latencies of the measured operations
 * @param found gets that found a value (GET, GET_MISSING) or entries read (scans, seeks)
 * @param backgroundOps operations the background worker completed
 * @param allocatedBytes heap bytes the measured workers' threads allocated during the phase
 *     (the harness's own key arrays included), or -1 when the JVM does not count them
 */
public record PhaseOutcome(long ops, long nanos, Latency latency, long found, long backgroundOps,
                           long allocatedBytes) {

    /** @return bytes allocated per measured operation, or -1 when unknown */
    public double allocatedBytesPerOp() {
        return allocatedBytes < 0 || ops == 0 ? -1 : (double) allocatedBytes / ops;
    }
}

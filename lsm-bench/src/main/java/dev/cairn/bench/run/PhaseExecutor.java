// Runs a phase's workers against one open store. Implementations decide how workers run
// (platform threads, coroutines); they must time only the measured workers.
package dev.cairn.bench.run;

/** Runs the workers of one phase and measures them. */
public interface PhaseExecutor {

    /**
     * @param plan the workers
     * @return the measurements
     * @throws Exception the first failure of any worker
     */
    PhaseOutcome run(PhasePlan plan) throws Exception;
}

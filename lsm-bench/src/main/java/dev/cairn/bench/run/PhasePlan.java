// The work of one measured phase: measured workers, an optional background worker whose
// operations are not measured (readwhilewriting's writer), and the value pool. Immutable.
package dev.cairn.bench.run;

import java.util.List;

/**
 * One phase's workers.
 *
 * @param measured workers whose operations are timed
 * @param background a worker that runs until the measured ones are done, or null
 * @param values where put values come from
 */
public record PhasePlan(List<WorkerSpec> measured, WorkerSpec background, ValuePool values) {
}

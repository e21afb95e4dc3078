// Thrown inside a flush or compaction job that noticed its cancellation, after its partial
// outputs were removed. Immutable.
package dev.cairn.lsm.internal.compaction;

/** Thrown inside a job that noticed it was cancelled; its partial outputs are already removed. */
public final class JobCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public JobCancelledException() {
        super("background job cancelled", null, false, false);
    }
}

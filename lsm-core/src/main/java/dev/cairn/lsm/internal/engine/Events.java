// Delivers a call to the user's EventListener so that a listener that throws cannot break the
// store: the engine calls listeners from the commit leader, background jobs and recovery, and none
// of those may fail because of one. Stateless; thread-safe.
package dev.cairn.lsm.internal.engine;

/** Runs listener calls, swallowing what they throw. */
final class Events {
    private Events() {
    }

    /** Runs {@code event} (a call to the store's listener); a RuntimeException it throws is dropped. */
    static void deliver(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException ignored) {
            // listeners must not break the store
        }
    }
}

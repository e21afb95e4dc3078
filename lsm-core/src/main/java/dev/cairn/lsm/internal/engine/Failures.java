// How the engine reports a failure from below (an IOException, an UncheckedIOException from an
// iterator) to its callers: as an LsmException saying what was being done, unless it already is
// one. Stateless; thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.LsmException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;

/** Wraps failures as {@link LsmException}s. */
final class Failures {
    private Failures() {
    }

    /**
     * @param what what was being done ("read failed", "cannot open store /x")
     * @param t the failure
     * @return {@code t} itself when it is an LsmException, else one wrapping its cause
     */
    static LsmException wrap(String what, Throwable t) {
        if (t instanceof LsmException e) {
            return e;
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            t = u.getCause();
        }
        return new LsmException(what + ": " + t.getMessage(), t);
    }

    /**
     * What a blocking write throws for the failure its commit completed with: a runtime failure
     * as it is, an Error rethrown, anything else wrapped.
     *
     * @param t the failure (a CompletionException is unwrapped)
     * @return the exception to throw
     */
    static RuntimeException ofWrite(Throwable t) {
        if (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof IOException io) {
            return new LsmException("write failed: " + io.getMessage(), io);
        }
        return new LsmException("write failed: " + t, t);
    }
}

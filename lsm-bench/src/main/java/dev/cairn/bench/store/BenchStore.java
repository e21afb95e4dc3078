// An open store under test, as the harness sees it: a factory for per-worker sessions. Thread
// safe: sessions may be opened and used from many threads at once.
package dev.cairn.bench.store;

import dev.cairn.bench.run.PhaseExecutor;
import dev.cairn.bench.run.ThreadPhaseExecutor;
import java.util.Map;

/** An open store under test. */
public interface BenchStore extends AutoCloseable {

    /** @return a new session for one worker thread */
    Session session();

    /**
     * @return how this store wants a phase run; the default runs each worker on its own
     *     platform thread with a {@link Session}
     */
    default PhaseExecutor executor() {
        return new ThreadPhaseExecutor(this);
    }

    /**
     * Moves what the store buffers in memory into its on-disk structures (an LSM store's
     * memtable into a table), so the warm-up reaches the same read paths the measured phases
     * will. Stores with nothing of the kind do nothing, the default.
     *
     * @throws Exception when the store fails
     */
    default void flush() throws Exception {
    }

    /** @return monotonically increasing event counters (e.g. retries), by name */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /**
     * Flushes, lets background work settle, and reports the store's measured write, read and
     * space amplification (and, for Cairn, its compaction advice), for {@code --advice}. Stores
     * that measure none return null, the default.
     *
     * @return the report, or null
     */
    default String amplificationReport() {
        return null;
    }

    /** Flushes what the store buffers in memory and closes it. */
    @Override
    void close();
}

// The store's notion of time: the clock of its options (tests pass a fixed or stepping one), the
// TTL cut-off derived from it, the commit times it hands out (never going backwards, even when
// the clock does) and the edge of the version-retention window. Thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.StoreOptions;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** The store's clock, its TTL cut-off, its monotonic commit times and its retention window. */
final class StoreClock {
    private final Clock clock;
    /** The TTL in millis, or -1 without one. */
    private final long ttlMillis;
    /** The version-retention window in millis, or -1 when versions are not retained. */
    private final long retainMillis;
    /** The newest commit time handed out or recovered: commit times never go below it. */
    private final AtomicLong lastCommit = new AtomicLong(Long.MIN_VALUE);
    /** The edge of the retention window: only ever moves forward, even when the clock goes back. */
    private final AtomicLong windowEdge = new AtomicLong(Long.MIN_VALUE);

    StoreClock(StoreOptions options) {
        this.clock = options.clock();
        this.ttlMillis = options.ttl() == null ? -1 : options.ttl().toMillis();
        this.retainMillis = options.retainVersions() == null ? -1 : options.retainVersions().toMillis();
    }

    /** @return the clock's epoch millis */
    long now() {
        return clock.millis();
    }

    /**
     * The commit time of a group: the clock's millis, or the last commit time when the clock
     * went back (commit times are monotonic per store). Called by the commit leader only.
     */
    long commitTime() {
        long t = Math.max(clock.millis(), lastCommit.get());
        lastCommit.accumulateAndGet(t, Math::max);
        return t;
    }

    /** Raises the floor of commit times to one recovered from the store's files. */
    void commitsAfter(long time) {
        lastCommit.accumulateAndGet(time, Math::max);
    }

    /** @return entries written before this epoch millis are expired; Long.MIN_VALUE without a TTL */
    long expiredBefore() {
        return ttlMillis < 0 ? Long.MIN_VALUE : clock.millis() - ttlMillis;
    }

    /**
     * @param ttl a column family's TTL, or null for none
     * @return entries of that family written before this epoch millis are expired; Long.MIN_VALUE without a TTL
     */
    long expiredBefore(java.time.Duration ttl) {
        return ttl == null ? Long.MIN_VALUE : clock.millis() - ttl.toMillis();
    }

    /**
     * @param ttl a column family's TTL, or null for none
     * @param instant epoch millis of a read as of an instant
     * @return the TTL cut-off as it stood at {@code instant} (never later than today's): a read
     *     as of an instant sees a value that had not expired then; Long.MIN_VALUE without a TTL
     */
    long expiredBeforeAt(java.time.Duration ttl, long instant) {
        return ttl == null ? Long.MIN_VALUE : Math.min(clock.millis(), instant) - ttl.toMillis();
    }

    /**
     * @param ttl a column family's TTL, or null for none
     * @return the TTL cut-off compactions apply: today's, or with a retention window the one at
     *     the window's edge, so a value a read as of an instant inside the window sees (one not yet
     *     expired then) is kept until the window has passed its expiry too; Long.MIN_VALUE
     *     without a TTL
     */
    long compactionExpiredBefore(java.time.Duration ttl) {
        if (ttl == null) {
            return Long.MIN_VALUE;
        }
        long ttlMillis = ttl.toMillis();
        long now = clock.millis() - ttlMillis;
        return retainMillis < 0 ? now : Math.min(now, retainedFrom() - ttlMillis);
    }

    /** @return whether the store retains versions */
    boolean retainsVersions() {
        return retainMillis >= 0;
    }

    /** @return the window in millis (-1 when versions are not retained) */
    long retainMillis() {
        return retainMillis;
    }

    /**
     * @return the edge of the retention window: versions committed at or after it are kept (the
     *     store's present, never before the last commit, less the window)
     */
    long retainedFrom() {
        return windowEdge.accumulateAndGet(Math.max(clock.millis(), lastCommit.get()) - retainMillis, Math::max);
    }
}

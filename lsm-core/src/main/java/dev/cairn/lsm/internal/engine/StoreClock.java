// The store's notion of time: the clock of its options (tests pass a fixed or stepping one) and
// the TTL cut-off derived from it. Immutable; thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.StoreOptions;
import java.time.Clock;

/** The store's clock and its TTL cut-off. */
final class StoreClock {
    private final Clock clock;
    /** The TTL in millis, or -1 without one. */
    private final long ttlMillis;

    StoreClock(StoreOptions options) {
        this.clock = options.clock();
        this.ttlMillis = options.ttl() == null ? -1 : options.ttl().toMillis();
    }

    /** @return the clock's epoch millis */
    long now() {
        return clock.millis();
    }

    /** @return entries written before this epoch millis are expired; Long.MIN_VALUE without a TTL */
    long expiredBefore() {
        return ttlMillis < 0 ? Long.MIN_VALUE : clock.millis() - ttlMillis;
    }
}

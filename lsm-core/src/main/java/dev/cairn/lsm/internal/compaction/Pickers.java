// Maps a public CompactionStrategy to the picker implementing it. Stateless; thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.CompactionStrategy;
import dev.cairn.lsm.StoreOptions;
import java.time.Clock;
import java.time.Duration;

/** Maps a public {@link CompactionStrategy} to the picker that implements it. Stateless. */
public final class Pickers {
    private Pickers() {
    }

    /**
     * @param options the store's options: the strategy, the TTL and the clock
     * @return a new picker for the configured strategy
     */
    public static CompactionPicker forStrategy(StoreOptions options) {
        return forStrategy(options.compaction(), options.ttl(), options.clock());
    }

    /**
     * @param strategy the strategy
     * @param ttl entries older than this are expired, or null
     * @param clock the store's clock
     * @return a new picker for {@code strategy}
     */
    public static CompactionPicker forStrategy(CompactionStrategy strategy, Duration ttl, Clock clock) {
        switch (strategy.kind()) {
            case SIZE_TIERED:
                return new SizeTieredPicker(strategy, ttl, clock);
            case TIME_WINDOW:
                return new TimeWindowPicker(strategy, ttl, clock);
            case LEVELED:
            default:
                return new LeveledPicker(strategy, ttl, clock);
        }
    }
}

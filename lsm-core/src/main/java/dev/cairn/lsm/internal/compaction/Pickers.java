// Maps a public CompactionStrategy to the picker implementing it. Stateless; thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.CompactionStrategy;
import dev.cairn.lsm.StoreOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Maps a public {@link CompactionStrategy} to the picker that implements it. Stateless. */
public final class Pickers {
    private Pickers() {
    }

    /**
     * @param options the store's options: the strategy, the TTL and the clock
     * @return a new picker for the configured strategy
     */
    public static CompactionPicker forStrategy(StoreOptions options) {
        return forStrategy(options, () -> Long.MAX_VALUE);
    }

    /**
     * @param options the store's options: the strategy, the TTL, the retention window and the clock
     * @param oldestAsOf the oldest instant an open snapshot reads as of (epoch millis), Long.MAX_VALUE when none
     * @return a new picker for the configured strategy. With both a TTL and a retention window a
     *     table is dropped as expired only once it had expired when the window began, and when
     *     the oldest instant read as of: a read as of an instant inside the window sees the
     *     values that had not expired then
     */
    public static CompactionPicker forStrategy(StoreOptions options, LongSupplier oldestAsOf) {
        CompactionPicker picker = forStrategy(options.compaction(), options.ttl(), options.clock());
        if (options.ttl() != null && options.retainVersions() != null) {
            long ttl = options.ttl().toMillis();
            long window = options.retainVersions().toMillis();
            ((AbstractPicker) picker).expiryCut(now -> Math.min(now - window, oldestAsOf.getAsLong()) - ttl);
        }
        return picker;
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

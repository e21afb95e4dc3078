// What every compaction strategy does alike, most urgent first: TTL drops, the strategy's work,
// tombstone compaction, value-log collection. Stateless (what a pick remembers is the version side's PickerMemory);
// thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.CompactionStrategy;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.PickerMemory;
import dev.cairn.lsm.internal.version.Version;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * What every strategy does the same way, in this order of urgency: drop tables a TTL has
 * wholly expired ({@link ExpiredTables}), then the strategy's own work, then a tombstone
 * compaction ({@link TombstoneCandidates}), then the rewrite of a table pointing into a blob file
 * due for collection ({@link BlobCollection}). {@link #pendingBytes} counts exactly the work
 * {@link #pick} would start on an idle store, so it is 0 once the store has settled. Stateless:
 * what a pick must remember goes to the {@link PickerMemory} it is handed.
 */
abstract class AbstractPicker implements CompactionPicker {
    final CompactionStrategy strategy;
    private final long ttlMillis;
    private final Clock clock;
    private final TombstoneCandidates tombstones;
    /** From the clock's now to the TTL cut-off of whole-table drops; set once, before the store uses the picker. */
    private volatile LongUnaryOperator expiryCut;

    /**
     * @param strategy the parameters
     * @param ttl entries older than this are expired, or null
     * @param clock the store's clock (for {@link #pendingBytes})
     */
    AbstractPicker(CompactionStrategy strategy, Duration ttl, Clock clock) {
        this.strategy = strategy;
        this.ttlMillis = ttl == null ? -1 : ttl.toMillis();
        this.expiryCut = ttlMillis < 0 ? now -> Long.MIN_VALUE : now -> now - ttlMillis;
        this.clock = clock;
        this.tombstones = new TombstoneCandidates(strategy);
    }

    /** @return entries written before this are expired at {@code now}; Long.MIN_VALUE without a TTL */
    final long expiredBefore(long now) {
        return expiryCut.applyAsLong(now);
    }

    /**
     * Replaces {@code now - ttl} as the cut-off of whole-table drops (a retention window and
     * readers as of an instant move it back). Called once, before the store uses the picker.
     */
    final void expiryCut(LongUnaryOperator cut) {
        this.expiryCut = cut;
    }

    @Override
    public final Compaction pick(Version v, PickerMemory memory, Set<Long> busy, long now) {
        List<FileMetadata> expired = ExpiredTables.find(v, busy, expiredBefore(now));
        if (!expired.isEmpty()) {
            return Compaction.dropOnly(expired, "ttl expired");
        }
        Compaction c = pickStrategy(v, memory, busy, now);
        if (c != null) {
            return c;
        }
        c = tombstones.find(v, memory, busy, now, true, outputFileSize());
        return c != null ? c : BlobCollection.find(v, busy, outputFileSize());
    }

    @Override
    public final long pendingBytes(Version v, PickerMemory memory) {
        long now = clock.millis();
        long n = strategyPendingBytes(v, now);
        n += Compaction.totalBytes(ExpiredTables.find(v, Set.of(), expiredBefore(now)));
        Compaction t = tombstones.find(v, memory, Set.of(), now, false, outputFileSize());
        if (t != null) {
            n += t.inputBytes();
        }
        Compaction b = BlobCollection.find(v, Set.of(), outputFileSize());
        if (b != null) {
            n += b.inputBytes();
        }
        return n;
    }

    /** The strategy's own work (size tiers, levels, windows), or null; may update {@code memory}. */
    abstract Compaction pickStrategy(Version v, PickerMemory memory, Set<Long> busy, long now);

    /** Bytes {@link #pickStrategy} would still rewrite on an idle store; 0 exactly when it has nothing to do. */
    abstract long strategyPendingBytes(Version v, long now);

    /** @return where a single-table rewrite splits its output */
    abstract long outputFileSize();
}

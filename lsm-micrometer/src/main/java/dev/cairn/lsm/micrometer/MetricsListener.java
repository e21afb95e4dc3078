package dev.cairn.lsm.micrometer;

import dev.cairn.lsm.CompactionInfo;
import dev.cairn.lsm.EventListener;
import dev.cairn.lsm.FlushInfo;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link EventListener} that counts what a store's background work did, for
 * {@link CairnMetrics} to report: flushes and compactions (how many, how long, bytes), tables
 * moved down without a rewrite, write stalls, background errors and WAL records dropped at
 * recovery. A store takes its listener when it opens, so make one with
 * {@link CairnMetrics#listener()} first and hand the same one to {@link CairnMetrics}:
 *
 * <pre>{@code
 * MetricsListener events = CairnMetrics.listener();
 * LsmStore db = LsmStore.open(dir, StoreOptions.builder().listener(events).build());
 * new CairnMetrics(db, "orders", events).bindTo(registry);
 * }</pre>
 *
 * <p>Events before binding are kept. To also receive the events yourself, pass your listener to
 * {@link CairnMetrics#listener(EventListener)}: it is called after the counting. Thread-safe and
 * cheap (a few adders per event), as a listener must be.
 */
public final class MetricsListener implements EventListener {
    private final EventListener next;
    final LongAdder flushes = new LongAdder();
    final LongAdder flushNanos = new LongAdder();
    final LongAdder flushEntries = new LongAdder();
    final LongAdder compactions = new LongAdder();
    final LongAdder compactionNanos = new LongAdder();
    final LongAdder moves = new LongAdder();
    final LongAdder stalls = new LongAdder();
    final LongAdder stallNanos = new LongAdder();
    final LongAdder backgroundErrors = new LongAdder();
    final LongAdder walCorruptions = new LongAdder();
    final LongAdder walBytesDropped = new LongAdder();

    /** @param next told every event after it is counted; {@link EventListener#NONE} for nobody */
    MetricsListener(EventListener next) {
        this.next = next;
    }

    @Override
    public void onFlushBegin(FlushInfo info) {
        next.onFlushBegin(info);
    }

    @Override
    public void onFlushEnd(FlushInfo info) {
        flushes.increment();
        flushNanos.add(info.duration().toNanos());
        flushEntries.add(info.entries());
        next.onFlushEnd(info);
    }

    @Override
    public void onCompactionBegin(CompactionInfo info) {
        next.onCompactionBegin(info);
    }

    @Override
    public void onCompactionEnd(CompactionInfo info) {
        if (info.reason().endsWith(" (moved)")) {
            moves.increment();
        } else {
            compactions.increment();
            compactionNanos.add(info.duration().toNanos());
        }
        next.onCompactionEnd(info);
    }

    @Override
    public void onStallBegin(String reason) {
        next.onStallBegin(reason);
    }

    @Override
    public void onStallEnd(long stallNanos) {
        stalls.increment();
        this.stallNanos.add(stallNanos);
        next.onStallEnd(stallNanos);
    }

    @Override
    public void onBackgroundError(Throwable error) {
        backgroundErrors.increment();
        next.onBackgroundError(error);
    }

    @Override
    public void onWalCorruption(String file, long offset, long bytes, String reason) {
        walCorruptions.increment();
        walBytesDropped.add(bytes);
        next.onWalCorruption(file, offset, bytes, reason);
    }
}

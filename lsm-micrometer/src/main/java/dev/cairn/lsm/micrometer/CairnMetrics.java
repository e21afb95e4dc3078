package dev.cairn.lsm.micrometer;

import dev.cairn.lsm.EventListener;
import dev.cairn.lsm.LevelStats;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.StoreStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for one Cairn store, every one tagged {@code store=<name>}:
 *
 * <ul>
 *   <li>from {@link LsmStore#stats()}, read when the registry reads the meter: bytes written by
 *       users, the log, flushes and compactions and read by compactions
 *       ({@code cairn.user.bytes.written}, {@code cairn.wal.bytes.written},
 *       {@code cairn.flush.bytes.written}, {@code cairn.compaction.bytes.written},
 *       {@code cairn.compaction.bytes.read}); bytes read from table files by any reader
 *       ({@code cairn.table.bytes.read}); WAL syncs ({@code cairn.wal.syncs}); point reads and
 *       the tables they probed ({@code cairn.point.reads}, {@code cairn.tables.probed}); write,
 *       read and space amplification ({@code cairn.write.amplification},
 *       {@code cairn.read.amplification}: tables probed per point read,
 *       {@code cairn.space.amplification}: table bytes over the estimated live bytes, both as
 *       {@link StoreStats} defines them); open snapshots and the age of the oldest
 *       ({@code cairn.snapshots.open}, {@code cairn.snapshot.oldest.age}, seconds);
 *       bytes and tables per level ({@code cairn.level.bytes}, {@code cairn.level.tables}, tagged
 *       {@code level}) and in all ({@code cairn.table.bytes}, {@code cairn.tables}); memtable bytes
 *       and immutable memtables waiting for a flush; pending compaction bytes; total stall time
 *       ({@code cairn.stall.time}, seconds); block cache gets tagged {@code result=hit|miss} and
 *       the hit ratio; the last sequence number;</li>
 *   <li>from a {@link MetricsListener} given to the store at open, if there is one: flush and
 *       compaction timers ({@code cairn.flush}, {@code cairn.compaction}: count and total time),
 *       entries flushed, tables moved down without a rewrite, a stall timer, background errors,
 *       and WAL records and bytes dropped by recovery;</li>
 *   <li>operation timers ({@code cairn.operation}, tagged {@code op=get|write|write.async}) on
 *       the calls made through {@link #timed()}.</li>
 * </ul>
 *
 * <pre>{@code
 * MetricsListener events = CairnMetrics.listener();
 * LsmStore db = LsmStore.open(dir, StoreOptions.builder().listener(events).build());
 * CairnMetrics metrics = new CairnMetrics(db, "orders", events);
 * metrics.bindTo(registry);
 * LsmStore timedDb = metrics.timed();      // optional: the same store, with get/write timers
 * }</pre>
 *
 * <p>The engine has no Micrometer dependency: everything here reads its public statistics and
 * events. Not in {@link StoreStats} today, and so not reported: entry counts. {@link #close()}
 * removes the meters again (call it when the store closes; a meter read after that reports NaN).
 */
public final class CairnMetrics implements MeterBinder, AutoCloseable {
    private static final String PREFIX = "cairn.";

    private final LsmStore db;
    private final Tags tags;
    private final MetricsListener events;
    private final List<Meter> registered = new ArrayList<>();
    private MeterRegistry registry;

    /**
     * Meters from the store's statistics only (no flush or compaction timers).
     *
     * @param db the store
     * @param storeName the value of the {@code store} tag
     */
    public CairnMetrics(LsmStore db, String storeName) {
        this(db, storeName, null);
    }

    /**
     * Meters from the store's statistics and from the listener it was opened with.
     *
     * @param db the store
     * @param storeName the value of the {@code store} tag
     * @param events the listener from {@link #listener()} given to the store at open, or null
     */
    public CairnMetrics(LsmStore db, String storeName, MetricsListener events) {
        this.db = Objects.requireNonNull(db, "db must not be null");
        Objects.requireNonNull(storeName, "storeName must not be null");
        this.tags = Tags.of("store", storeName);
        this.events = events;
    }

    /** @return a listener to pass to {@code StoreOptions.Builder.listener} before the store opens */
    public static MetricsListener listener() {
        return new MetricsListener(EventListener.NONE);
    }

    /**
     * @param next your own listener, told every event after it is counted
     * @return a counting listener that forwards to {@code next}
     */
    public static MetricsListener listener(EventListener next) {
        return new MetricsListener(Objects.requireNonNull(next, "next must not be null (use listener())"));
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (this.registry != null) {
            throw new IllegalStateException("these metrics are already bound to a registry; make another CairnMetrics");
        }
        this.registry = registry;
        bindStats();
        if (events != null) {
            bindEvents();
        }
    }

    /**
     * @return the store, with its {@code get}, {@code write} and {@code writeAsync} calls timed
     * @throws IllegalStateException if the metrics are not bound to a registry yet
     */
    public synchronized LsmStore timed() {
        if (registry == null) {
            throw new IllegalStateException("call bindTo(registry) before timed()");
        }
        return new TimedStore(db, operationTimer("get"), operationTimer("write"), operationTimer("write.async"));
    }

    /** Removes every meter these metrics registered. Idempotent. */
    @Override
    public synchronized void close() {
        if (registry != null) {
            registered.forEach(registry::remove);
        }
        registered.clear();
    }

    private void bindStats() {
        statsCounter("user.bytes.written", "bytes", "key and value bytes accepted from writers since open", StoreStats::userBytesWritten);
        statsCounter("wal.bytes.written", "bytes", "bytes appended to write-ahead logs since open", StoreStats::walBytesWritten);
        statsCounter("flush.bytes.written", "bytes", "table bytes written by flushes since open", StoreStats::flushBytesWritten);
        statsCounter("compaction.bytes.written", "bytes", "table bytes written by compactions since open", StoreStats::compactionBytesWritten);
        statsCounter("compaction.bytes.read", "bytes", "table bytes read by compactions since open", StoreStats::compactionBytesRead);
        statsCounter("table.bytes.read", "bytes", "bytes read from table files since open", StoreStats::tableBytesRead);
        statsCounter("wal.syncs", null, "write-ahead log syncs since open", StoreStats::walSyncs);
        statsCounter("point.reads", null, "point reads answered since open", StoreStats::pointReads);
        statsCounter("tables.probed", null, "tables point reads looked into since open", StoreStats::tablesProbed);
        gauge("write.amplification", null, "table bytes written per user byte written", StoreStats::writeAmplification);
        gauge("read.amplification", null, "tables probed per point read since open", StoreStats::readAmplification);
        gauge("space.amplification", null, "table bytes over the estimated bytes of live data", StoreStats::spaceAmplification);
        gauge("snapshots.open", null, "open snapshots, those of open transactions included", StoreStats::openSnapshots);
        gauge("snapshot.oldest.age", "seconds", "how long the oldest open snapshot has been open; 0 when none",
                s -> s.oldestSnapshotAge().toNanos() / 1e9);
        gauge("memtable.bytes", "bytes", "bytes held by the active and immutable memtables", StoreStats::memtableBytes);
        gauge("memtable.immutable", null, "memtables waiting to be flushed", StoreStats::immutableMemtables);
        gauge("compaction.pending.bytes", "bytes", "estimated bytes compaction still has to rewrite", StoreStats::pendingCompactionBytes);
        gauge("table.bytes", "bytes", "bytes of all live tables", StoreStats::tableBytes);
        gauge("tables", null, "live tables", StoreStats::tableCount);
        gauge("sequence.last", null, "sequence number of the newest write", StoreStats::lastSequence);
        gauge("block.cache.hit.ratio", null, "block cache hits over gets since open", StoreStats::blockCacheHitRate);
        keep(FunctionCounter.builder(PREFIX + "stall.time", db, d -> d.stats().stallNanos() / 1e9)
                .tags(tags).baseUnit("seconds").description("total time writers were slowed or stopped").register(registry));
        keep(FunctionCounter.builder(PREFIX + "block.cache.gets", db, d -> d.stats().blockCacheHits())
                .tags(tags).tag("result", "hit").description("block cache gets answered by the cache").register(registry));
        keep(FunctionCounter.builder(PREFIX + "block.cache.gets", db, d -> d.stats().blockCacheMisses())
                .tags(tags).tag("result", "miss").description("block cache gets that read the disk").register(registry));
        for (LevelStats level : db.stats().levels()) {
            int n = level.level();
            Tags levelTags = tags.and(Tag.of("level", Integer.toString(n)));
            keep(Gauge.builder(PREFIX + "level.bytes", db, d -> d.stats().levels().get(n).bytes())
                    .tags(levelTags).baseUnit("bytes").description("bytes of the level's tables").strongReference(true).register(registry));
            keep(Gauge.builder(PREFIX + "level.tables", db, d -> d.stats().levels().get(n).tableCount())
                    .tags(levelTags).description("tables in the level").strongReference(true).register(registry));
        }
    }

    private void bindEvents() {
        timer("flush", "memtable flushes", events.flushes, events.flushNanos);
        timer("compaction", "compactions that rewrote tables", events.compactions, events.compactionNanos);
        timer("stall", "write stalls", events.stalls, events.stallNanos);
        counter("flush.entries", "entries written by flushes", events.flushEntries);
        counter("compaction.moves", "tables moved one level down without a rewrite", events.moves);
        counter("background.errors", "failures of background work", events.backgroundErrors);
        counter("wal.corruptions", "damaged WAL records skipped at recovery", events.walCorruptions);
        keep(FunctionCounter.builder(PREFIX + "wal.bytes.dropped", events.walBytesDropped, LongAdder::sum)
                .tags(tags).baseUnit("bytes").description("WAL bytes dropped at recovery").register(registry));
    }

    private void statsCounter(String name, String unit, String description, ToDoubleFunction<StoreStats> value) {
        keep(FunctionCounter.builder(PREFIX + name, db, d -> value.applyAsDouble(d.stats()))
                .tags(tags).baseUnit(unit).description(description).register(registry));
    }

    private void gauge(String name, String unit, String description, ToDoubleFunction<StoreStats> value) {
        keep(Gauge.builder(PREFIX + name, db, d -> value.applyAsDouble(d.stats()))
                .tags(tags).baseUnit(unit).description(description).strongReference(true).register(registry));
    }

    private void counter(String name, String description, LongAdder count) {
        keep(FunctionCounter.builder(PREFIX + name, count, LongAdder::sum).tags(tags).description(description).register(registry));
    }

    private void timer(String name, String description, LongAdder count, LongAdder nanos) {
        keep(FunctionTimer.builder(PREFIX + name, events, e -> count.sum(), e -> nanos.sum(), TimeUnit.NANOSECONDS)
                .tags(tags).description(description).register(registry));
    }

    private Timer operationTimer(String op) {
        return keep(Timer.builder(PREFIX + "operation").tags(tags).tag("op", op)
                .description("latency of store calls made through CairnMetrics.timed()").register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }
}

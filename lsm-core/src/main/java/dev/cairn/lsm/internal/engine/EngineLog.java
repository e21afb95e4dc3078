// What the engine tells an operator, through SLF4J (logger "dev.cairn.lsm"; no binding is shipped,
// the application brings one). INFO: a store opened, with what recovery replayed and what it
// dropped under which WAL recovery mode; a store closed. WARN: write stalls (the first in ten
// seconds; the rest at DEBUG, counted in the next WARN) and WAL records dropped by recovery.
// ERROR: background failures, with the cause. DEBUG: each flush and compaction. The engine's files
// call in here in one line each; the events ride on the store's EventListener, which open wraps
// (the user's listener is still called, after the log line). Thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.CompactionInfo;
import dev.cairn.lsm.EventListener;
import dev.cairn.lsm.FlushInfo;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.WalRecoveryMode;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okio.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's log lines, and the listener that writes the event-borne ones. */
final class EngineLog implements EventListener {
    private static final Logger LOG = LoggerFactory.getLogger("dev.cairn.lsm");
    /** At most one stall is logged at WARN per this interval; the others go to DEBUG. */
    private static final long STALL_WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String store;
    private final WalRecoveryMode mode;
    private final EventListener user;
    private final AtomicLong droppedRecords = new AtomicLong();
    private final AtomicLong droppedBytes = new AtomicLong();
    private final AtomicLong lastStallWarn = new AtomicLong(System.nanoTime() - STALL_WARN_INTERVAL_NANOS);
    private final AtomicLong quietStalls = new AtomicLong();

    private EngineLog(String store, WalRecoveryMode mode, EventListener user) {
        this.store = store;
        this.mode = mode;
        this.user = user;
    }

    /**
     * @param dir the store directory
     * @param options the options the store was opened with
     * @return the same options with a listener that logs each event, then calls the user's
     */
    static StoreOptions listening(Path dir, StoreOptions options) {
        EngineLog log = new EngineLog(dir.toString(), options.walRecovery(), options.listener());
        return options.toBuilder().listener(log).build();
    }

    /**
     * Logs what recovery did, at INFO.
     *
     * @param options the options the store runs with (their listener is this class's, from {@link #listening})
     * @param logs write-ahead logs replayed
     * @param records log records (batches) replayed
     * @param bytes bytes of the records replayed
     * @param lastSequence the store's last sequence number after recovery
     */
    static void recovered(StoreOptions options, int logs, long records, long bytes, long lastSequence) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        EngineLog log = options.listener() instanceof EngineLog l ? l : new EngineLog("?", options.walRecovery(), EventListener.NONE);
        LOG.info(summary(log.store, logs, records, bytes, lastSequence, log.mode, log.droppedRecords.get(), log.droppedBytes.get()));
    }

    /** @return the recovery summary line (separate so specs can read it without a binding) */
    static String summary(String store, int logs, long records, long bytes, long lastSequence,
                          WalRecoveryMode mode, long dropped, long droppedBytes) {
        String replay = records == 0 ? "nothing to replay" : "replayed " + records + " record(s), " + bytes
                + " bytes, from " + logs + " write-ahead log(s)";
        String damage = dropped == 0 ? "nothing dropped" : "dropped " + dropped + " damaged record(s), "
                + droppedBytes + " bytes";
        return "recovered store " + store + ": " + replay + "; last sequence " + lastSequence + "; recovery mode "
                + mode + ", " + damage;
    }

    /** @param dir the store directory that closed */
    static void closed(Path dir) {
        LOG.info("closed store {}", dir);
    }

    @Override
    public void onFlushBegin(FlushInfo info) {
        user.onFlushBegin(info);
    }

    @Override
    public void onFlushEnd(FlushInfo info) {
        LOG.debug("store {}: flushed {} entries to table {} ({} bytes) in {} ms", store, info.entries(),
                info.tableNumber(), info.bytesWritten(), info.duration().toMillis());
        user.onFlushEnd(info);
    }

    @Override
    public void onCompactionBegin(CompactionInfo info) {
        user.onCompactionBegin(info);
    }

    @Override
    public void onCompactionEnd(CompactionInfo info) {
        LOG.debug("store {}: compaction ({}) of tables {} into level {} as {}: read {} bytes, wrote {} bytes in {} ms",
                store, info.reason(), info.inputs(), info.outputLevel(), info.outputs(), info.bytesRead(),
                info.bytesWritten(), info.duration().toMillis());
        user.onCompactionEnd(info);
    }

    @Override
    public void onStallBegin(String reason) {
        long now = System.nanoTime();
        long last = lastStallWarn.get();
        if (now - last >= STALL_WARN_INTERVAL_NANOS && lastStallWarn.compareAndSet(last, now)) {
            long quiet = quietStalls.getAndSet(0);
            LOG.warn("store {}: writes stalled: {} (background work is behind){}", store, reason,
                    quiet == 0 ? "" : "; " + quiet + " more stall(s) since the last warning");
        } else {
            quietStalls.incrementAndGet();
            LOG.debug("store {}: writes stalled: {}", store, reason);
        }
        user.onStallBegin(reason);
    }

    @Override
    public void onStallEnd(long stallNanos) {
        LOG.debug("store {}: stall over after {} ms", store, TimeUnit.NANOSECONDS.toMillis(stallNanos));
        user.onStallEnd(stallNanos);
    }

    @Override
    public void onBackgroundError(Throwable error) {
        LOG.error("store {}: background work failed; writes are refused until resume() succeeds", store, error);
        user.onBackgroundError(error);
    }

    @Override
    public void onStrategyChanged(String family, String from, String to, String migration) {
        LOG.info("store {}: column family {} changed its compaction strategy from {} to {}; migration: {}",
                store, family, from, to, migration);
        user.onStrategyChanged(family, from, to, migration);
    }

    @Override
    public void onWalCorruption(String file, long offset, long bytes, String reason) {
        droppedRecords.incrementAndGet();
        droppedBytes.addAndGet(bytes);
        LOG.warn("store {}: recovery ({}) dropped {} bytes of {} at offset {}: {}", store, mode, bytes, file, offset, reason);
        user.onWalCorruption(file, offset, bytes, reason);
    }
}

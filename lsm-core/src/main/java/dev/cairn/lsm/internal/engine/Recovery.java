// Opens a store's durable state: manifest, live tables, replay of the write-ahead logs into
// level 0, a fresh log, removal of orphan files. Runs once, on the opening thread, before any
// other thread sees the store.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.WalRecoveryMode;
import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.compaction.FlushJob;
import dev.cairn.lsm.internal.compaction.JobResult;
import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.DirectorySyncer;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.io.StoreFiles;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.version.FamilyVersions;
import dev.cairn.lsm.internal.version.TableRegistry;
import dev.cairn.lsm.internal.version.VersionSet;
import dev.cairn.lsm.internal.wal.LogReader;
import dev.cairn.lsm.internal.wal.LogRecordOpener;
import dev.cairn.lsm.internal.wal.LogWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/**
 * Opens a store's durable state: loads the manifest, opens (and so verifies) every live table,
 * replays the write-ahead logs the manifest does not yet cover into a memtable, starts a new log
 * and removes files no manifest names (orphans of an interrupted flush or compaction, old logs
 * and manifests, temporary files). Replayed data is flushed to level 0 before the store opens, so
 * the replayed logs (the newest may have a torn tail) are retired before a newer log receives
 * writes; only the newest log holding data may be torn.
 */
final class Recovery {
    /**
     * What an open store starts with.
     *
     * @param memtables each live family's active memtable by id (empty: replayed data went to level 0)
     * @param log the write-ahead log later writes are appended to
     * @param lastSequence the newest sequence number recovered
     * @param logNumbers numbers of the write-ahead logs on disk, oldest first
     */
    record Recovered(Map<Integer, MemTable> memtables, LogWriter log, long lastSequence, List<Long> logNumbers) {
    }

    /** One family's replay: its memtable being filled and the full ones before it. */
    private static final class Replay {
        final Keyspace family;
        final long logNumber;
        final List<MemTable> full = new ArrayList<>();
        MemTable current;

        Replay(Keyspace family, MemTable first) {
            this.family = family;
            this.logNumber = family.versions().logNumber();
            this.current = first;
        }
    }

    private final FileSystem fs;
    private final Path dir;
    private final StoreOptions options;
    private final StoreCipher cipher;
    private final VersionSet versions;
    private final TableRegistry tables;
    private final StoreCounters counters;
    /** Builds the open family of each family the manifest holds. */
    private final Function<FamilyVersions, Keyspace> openFamily;
    /** Each live family's replay, by id. */
    private final Map<Integer, Replay> replays = new TreeMap<>();
    /** The number of the log being replayed. */
    private long replaying;
    /** The last sequence number the previous log holding records ended with, or -1. */
    private long previousEnd = -1;
    private String previousLog;
    private long previousLogSize;
    private long newLog;
    private long replayedRecords;
    private long replayedBytes;

    /**
     * @param cipher opens and seals the logs of an encrypted store; null when the store is not encrypted
     */
    Recovery(FileSystem fs, Path dir, StoreOptions options, StoreCipher cipher, VersionSet versions, TableRegistry tables,
             Function<FamilyVersions, Keyspace> openFamily, StoreCounters counters) {
        this.openFamily = openFamily;
        this.fs = fs;
        this.cipher = cipher;
        this.dir = dir;
        this.options = options;
        this.versions = versions;
        this.tables = tables;
        this.counters = counters;
    }

    /**
     * @return the memtable replay starts with: its search is tuned to the keys the tables hold
     *     (see {@link MemTable#near}), the likeliest look of the logged writes too
     */
    private MemTable firstMemTable(long walNumber) {
        byte[] smallest = null;
        byte[] largest = null;
        for (FileMetadata f : versions.current().allFiles()) { // the default family's
            if (smallest == null || InternalKey.compare(f.smallest(), smallest) < 0) {
                smallest = f.smallest();
            }
            if (largest == null || InternalKey.compare(f.largest(), largest) > 0) {
                largest = f.largest();
            }
        }
        long planned = options.memtableSizeBytes();
        return smallest == null ? MemTable.planned(walNumber, planned)
                : MemTable.near(walNumber, planned, InternalKey.userKey(smallest), InternalKey.userKey(largest));
    }

    /** @return the state the store starts with; runs once */
    Recovered run() throws IOException {
        // The fresh manifest is written once, by the edit that ends recovery (see VersionSet#recover).
        versions.recover(true);
        checkLogPresent();
        for (FileMetadata f : versions.families().stream().flatMap(fv -> fv.current().allFiles().stream()).toList()) {
            Path p = dir.resolve(FileNames.table(f.number()));
            if (!fs.exists(p)) {
                throw new CorruptionException("table " + p + " named by the manifest is missing (offset 0)");
            }
            tables.reader(f);
        }
        long logNumber = versions.logNumber();
        List<Long> logs = new ArrayList<>();
        for (Path p : fs.list(dir)) {
            FileNames.ParsedName f = FileNames.parse(p.name());
            if (f != null && f.type() == FileNames.FileType.WAL && f.number() >= logNumber) {
                logs.add(f.number());
            }
        }
        logs.sort(null);
        newLog = versions.newFileNumber();
        long lastSeq = versions.lastSequence();
        for (FamilyVersions f : versions.families()) {
            Keyspace ks = openFamily.apply(f);
            replays.put(f.id(), new Replay(ks, f.id() == 0 ? firstMemTable(newLog)
                    : MemTable.planned(newLog, ks.tuning().options().memtableSizeBytes())));
        }
        // Only the newest log that holds anything can have been torn by a crash: an older one was
        // synced before the next log was created, so damage there is corruption even in the
        // tolerant mode. (Empty logs after it come from a switch or a recovery cut short.)
        int newestWithData = logs.size() - 1;
        while (newestWithData > 0 && sizeOf(logs.get(newestWithData)) == 0) {
            newestWithData--;
        }
        for (int i = 0; i < logs.size(); i++) {
            lastSeq = replay(logs.get(i), lastSeq, i >= newestWithData);
        }
        versions.setLastSequence(lastSeq);
        Map<Integer, VersionEdit> edits = new TreeMap<>();
        Map<Integer, MemTable> actives = new TreeMap<>();
        for (Replay r : replays.values()) {
            VersionEdit edit = new VersionEdit();
            actives.put(r.family.familyId(), flushReplayed(r, edit));
            // Every replayed log is now in a table (or held nothing): the new log is the oldest needed.
            edit.setLogNumber(newLog);
            edits.put(r.family.familyId(), edit);
        }
        String strategy = options.compaction().kind().name();
        if (!strategy.equals(versions.strategy())) {
            edits.get(0).setStrategy(strategy);
        }
        LogWriter log = LogFiles.create(fs, dir, newLog, true, cipher);
        try {
            // The manifest is about to name this log and the replayed tables: their names must be
            // durable first.
            DirectorySyncer.sync(fs, dir);
            // The first edit writes the fresh manifest (recovered state and the edit) and points
            // CURRENT at it, which syncs the directory; a fresh store's appends to its own. One edit
            // per family: a crash between them replays the later families' logs again, which their
            // log numbers still name.
            for (Map.Entry<Integer, VersionEdit> e : edits.entrySet()) {
                replays.get(e.getKey()).family.versions().logAndApply(e.getValue());
            }
            removeObsoleteFiles();
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        List<Long> live = new ArrayList<>();
        for (long n : logs) {
            if (n >= versions.logNumber()) {
                live.add(n);
            }
        }
        live.add(newLog);
        EngineLog.recovered(options, logs.size(), replayedRecords, replayedBytes, lastSeq);
        return new Recovered(actives, log, lastSeq, live);
    }

    /**
     * Writes a family's replayed memtables to level 0 (so the replayed logs, one of which may have
     * a torn tail, are retired before a newer log receives writes), adding the tables to {@code edit}.
     *
     * @return the family's first active memtable
     */
    private MemTable flushReplayed(Replay replay, VersionEdit edit) throws IOException {
        MemTable m = replay.current;
        if (replay.full.isEmpty() && m.isEmpty()) {
            return m;
        }
        replay.full.add(m);
        for (MemTable t : replay.full) {
            JobResult r = new FlushJob(t, replay.family.tuning().contexts().create(() -> false)).run();
            for (FileMetadata f : r.outputs()) {
                edit.addFile(0, f);
            }
            r.addBlobsTo(edit);
            counters.flushBytes.addAndGet(r.bytesWritten() + r.blobBytesWritten());
        }
        // The new tables' names become durable with the new log's (one directory sync below).
        // Keys like the newest replayed ones tune the new memtable's search (MemTable.following).
        List<MemTable> full = replay.full;
        MemTable newest = m.isEmpty() && full.size() > 1 ? full.get(full.size() - 2) : m;
        return MemTable.following(newest, newLog, replay.family.tuning().options().memtableSizeBytes());
    }

    /** @return the memtable an operation of {@code family} in the log being replayed goes to, or null */
    private MemTable target(int family) {
        Replay r = replays.get(family);
        // A family whose log number is past this log has its writes from it in tables already.
        return r == null || replaying < r.logNumber ? null : r.current;
    }

    private long replay(long number, long lastSeq, boolean newest) throws IOException {
        String name = FileNames.wal(number);
        replaying = number;
        WalRecoveryMode mode = options.walRecovery();
        if (mode == WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS && !newest) {
            mode = WalRecoveryMode.ABSOLUTE_CONSISTENCY;
        }
        WalRecoveryMode effective = mode;
        try (FileHandle h = StoreFiles.openReadOnly(fs, dir.resolve(name))) {
            LogReader reader = new LogReader(h, name, mode,
                    (offset, bytes, reason) -> Events.deliver(() -> options.listener().onWalCorruption(name, offset, bytes, reason)),
                    LogRecordOpener.of(cipher, FileKind.WAL, number, name));
            byte[] rec;
            long end = -1;
            while ((rec = reader.readRecord()) != null) {
                try {
                    BatchFormat.iterateSlices(rec, rec.length, (rep, kind, aOff, aLen, bOff, bLen, seq) -> { });
                } catch (CorruptionException e) {
                    if (effective == WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS) {
                        long at = reader.lastValidOffset();
                        long len = rec.length;
                        Events.deliver(() -> options.listener().onWalCorruption(name, at, len, e.getMessage()));
                        continue;
                    }
                    throw new CorruptionException(name + ": undecodable batch record ending at offset "
                            + reader.lastValidOffset() + ": " + e.getMessage(), e);
                }
                long seq = BatchFormat.sequence(rec);
                int count = BatchFormat.count(rec);
                if (end < 0) {
                    checkContinuity(name, seq, count);
                }
                end = Math.max(end, seq + count - 1);
                MemTableInserter.apply(this::target, rec, BatchFormat.writeTime(rec));
                if (count > 0) {
                    versions.recoveredCommit(seq + count - 1, BatchFormat.writeTime(rec));
                }
                replayedRecords++;
                replayedBytes += rec.length;
                lastSeq = Math.max(lastSeq, seq + count - 1);
                for (Replay r : replays.values()) {
                    long limit = r.family.tuning().options().memtableSizeBytes();
                    if (r.current.approximateBytes() >= limit) {
                        r.full.add(r.current);
                        r.current = MemTable.following(r.current, newLog, limit);
                    }
                }
            }
            if (end >= 0) {
                previousEnd = Math.max(previousEnd, end);
                previousLog = name;
                previousLogSize = h.size();
            }
        }
        return lastSeq;
    }

    /**
     * Logs follow each other without a hole: a log's first record continues the sequence where
     * the previous log holding records ended. A log cut short at a record boundary (damage that
     * leaves no torn record to see) shows as a later log starting past that end. After a failed
     * append the engine gave up sequence numbers; the next log then opens with a batch of no
     * operations ({@link BatchFormat#gapMarker}), which may start anywhere.
     */
    private void checkContinuity(String name, long firstSeq, int count) {
        if (previousEnd < 0 || count == 0 || firstSeq <= previousEnd + 1
                || options.walRecovery() == WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS) {
            return;
        }
        throw new CorruptionException(previousLog + ": ends at offset " + previousLogSize + " with sequence " + previousEnd
                + ", but the next log, " + name + ", starts at sequence " + firstSeq + ": records are missing from its end");
    }

    /**
     * The log the manifest names as the oldest still needed is deleted only after a later edit
     * is durable; if it is gone, edits the manifest once held are missing (it was truncated or
     * replaced by an older copy), and opening would silently lose data.
     */
    private void checkLogPresent() throws IOException {
        long n = versions.logNumber();
        if (n == 0) {
            // Every open that completes names its log in the manifest before it takes a write, so
            // a manifest naming none comes from a creation cut short, which left no table: a table
            // here means the manifest lost its edits (truncated to its first record).
            for (okio.Path p : fs.list(dir)) {
                FileNames.ParsedName f = FileNames.parse(p.name());
                if (f != null && f.type() == FileNames.FileType.TABLE) {
                    throw new CorruptionException("MANIFEST-" + String.format("%06d", versions.manifestNumber())
                            + " is missing edits: it names no write-ahead log, but table " + p.name()
                            + " is in the store (offset 0)");
                }
            }
        }
        if (n > 0 && !fs.exists(dir.resolve(FileNames.wal(n)))) {
            throw new CorruptionException("MANIFEST-" + String.format("%06d", versions.manifestNumber())
                    + " is missing edits: it names write-ahead log " + FileNames.wal(n)
                    + " as live, but that log is gone (offset 0)");
        }
    }

    private long sizeOf(long log) throws IOException {
        okio.FileMetadata md = fs.metadataOrNull(dir.resolve(FileNames.wal(log)));
        return md == null || md.getSize() == null ? 0 : md.getSize();
    }

    private void removeObsoleteFiles() throws IOException {
        Set<Long> live = new HashSet<>(versions.liveTableNumbers());
        // Every family's blob files (a dropped family's are orphans now, removed here).
        Set<Long> liveBlobs = versions.liveBlobNumbers();
        long logNumber = versions.logNumber();
        long manifest = versions.manifestNumber();
        for (Path p : fs.list(dir)) {
            String name = p.name();
            if (name.endsWith(".tmp")) {
                fs.delete(p, false);
                continue;
            }
            FileNames.ParsedName f = FileNames.parse(name);
            if (f == null) {
                continue;
            }
            boolean obsolete = switch (f.type()) {
                case TABLE -> !live.contains(f.number());
                case BLOB -> !liveBlobs.contains(f.number());
                case WAL -> f.number() < logNumber;
                case MANIFEST -> f.number() != manifest;
                default -> false;
            };
            if (obsolete) {
                fs.delete(p, false);
            }
        }
    }
}

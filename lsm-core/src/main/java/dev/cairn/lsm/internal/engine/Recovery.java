package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.WalRecoveryMode;
import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.compaction.FlushJob;
import dev.cairn.lsm.internal.compaction.JobResult;
import dev.cairn.lsm.internal.io.DirectorySyncer;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.io.StoreFiles;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.wal.LogReader;
import dev.cairn.lsm.internal.wal.LogWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okio.FileHandle;
import okio.Path;

/**
 * Opens a store's durable state: loads the manifest, opens (and so verifies) every live table,
 * replays the write-ahead logs the manifest does not yet cover into a memtable, starts a new log
 * and removes files no manifest names (orphans of an interrupted flush or compaction, old logs
 * and manifests, temporary files). Replayed data stays in the memtable, its logs kept, unless it
 * outgrew the memtable, in which case it is flushed to level 0 before the store opens.
 */
final class Recovery {
    private final StoreState s;
    private final List<MemTable> full = new ArrayList<>();
    private MemTable current;
    private long newLog;

    Recovery(StoreState s) {
        this.s = s;
    }

    void run() throws IOException {
        s.versions.recover();
        for (FileMetadata f : s.versions.current().allFiles()) {
            Path p = s.dir.resolve(FileNames.table(f.number()));
            if (!s.fs.exists(p)) {
                throw new CorruptionException("table " + p + " named by the manifest is missing (offset 0)");
            }
            s.tables.reader(f);
        }
        long logNumber = s.versions.logNumber();
        List<Long> logs = new ArrayList<>();
        for (Path p : s.fs.list(s.dir)) {
            FileNames.ParsedName f = FileNames.parse(p.name());
            if (f != null && f.type() == FileNames.FileType.WAL && f.number() >= logNumber) {
                logs.add(f.number());
            }
        }
        logs.sort(null);
        newLog = s.versions.newFileNumber();
        long lastSeq = s.versions.lastSequence();
        current = new MemTable(newLog);
        for (int i = 0; i < logs.size(); i++) {
            // Only the newest log can have been torn by a crash: older ones were synced and closed
            // at their memtable switch, so damage there is corruption even in the tolerant mode.
            boolean newest = i == logs.size() - 1;
            lastSeq = replay(logs.get(i), lastSeq, newest);
        }
        MemTable m = current;
        s.versions.setLastSequence(lastSeq);
        VersionEdit edit = new VersionEdit();
        if (!full.isEmpty()) {
            full.add(m);
            for (MemTable t : full) {
                JobResult r = new FlushJob(t, s.jobContext(() -> false)).run();
                for (FileMetadata f : r.outputs()) {
                    edit.addFile(0, f);
                }
                s.flushBytes.addAndGet(r.bytesWritten());
            }
            DirectorySyncer.sync(s.fs, s.dir);
            edit.setLogNumber(newLog);
            m = new MemTable(newLog);
        } else {
            edit.setLogNumber(logNumber);
        }
        String strategy = s.options.compaction().kind().name();
        if (!strategy.equals(s.versions.strategy())) {
            edit.setStrategy(strategy);
        }
        LogWriter log = s.openLog(newLog);
        try {
            s.versions.logAndApply(edit);
            DirectorySyncer.sync(s.fs, s.dir);
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        removeObsoleteFiles();
        for (long n : logs) {
            if (n >= s.versions.logNumber()) {
                s.logNumbers.add(n);
            }
        }
        s.logNumbers.add(newLog);
        s.startWith(m, log, lastSeq);
    }

    private long replay(long number, long lastSeq, boolean newest) throws IOException {
        String name = FileNames.wal(number);
        WalRecoveryMode mode = s.options.walRecovery();
        if (mode == WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS && !newest) {
            mode = WalRecoveryMode.ABSOLUTE_CONSISTENCY;
        }
        WalRecoveryMode effective = mode;
        try (FileHandle h = StoreFiles.openReadOnly(s.fs, s.dir.resolve(name))) {
            LogReader reader = new LogReader(h, name, mode,
                    (offset, bytes, reason) -> s.notify(() -> s.listener.onWalCorruption(name, offset, bytes, reason)));
            byte[] rec;
            while ((rec = reader.readRecord()) != null) {
                try {
                    BatchFormat.iterateSlices(rec, rec.length, (rep, kind, aOff, aLen, bOff, bLen, seq) -> { });
                } catch (CorruptionException e) {
                    if (effective == WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS) {
                        long at = reader.lastValidOffset();
                        long len = rec.length;
                        s.notify(() -> s.listener.onWalCorruption(name, at, len, e.getMessage()));
                        continue;
                    }
                    throw new CorruptionException(name + ": undecodable batch record ending at offset "
                            + reader.lastValidOffset() + ": " + e.getMessage(), e);
                }
                long seq = BatchFormat.sequence(rec);
                int count = BatchFormat.count(rec);
                MemTableInserter.apply(current, rec, BatchFormat.writeTime(rec));
                lastSeq = Math.max(lastSeq, seq + count - 1);
                if (current.approximateBytes() >= s.options.memtableSizeBytes()) {
                    full.add(current);
                    current = new MemTable(newLog);
                }
            }
        }
        return lastSeq;
    }

    private void removeObsoleteFiles() throws IOException {
        Set<Long> live = new HashSet<>(s.versions.liveTableNumbers());
        long logNumber = s.versions.logNumber();
        long manifest = s.versions.manifestNumber();
        for (Path p : s.fs.list(s.dir)) {
            String name = p.name();
            if (name.endsWith(".tmp")) {
                s.fs.delete(p, false);
                continue;
            }
            FileNames.ParsedName f = FileNames.parse(name);
            if (f == null) {
                continue;
            }
            boolean obsolete = switch (f.type()) {
                case TABLE -> !live.contains(f.number());
                case WAL -> f.number() < logNumber;
                case MANIFEST -> f.number() != manifest;
                default -> false;
            };
            if (obsolete) {
                s.fs.delete(p, false);
            }
        }
    }
}

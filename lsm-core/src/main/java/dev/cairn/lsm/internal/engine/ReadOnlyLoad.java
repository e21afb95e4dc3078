// Reads what a store holds without changing it, for a read-only store: the manifest CURRENT
// names (its tables opened at once, so a table the owner deletes later stays readable through
// the open handle), then every write-ahead log the manifest still needs, replayed into
// memtables in memory only. The owner may be writing meanwhile. The version's tables are opened
// first: once open, the owner's compactions cannot take them away. The owner deletes retired
// logs oldest first and only after a manifest edit names a newer one, so when the oldest log the
// manifest needs is still listed, no log after it is missing; a log retired between the listing
// and its opening, like a table deleted before it was opened, makes the load start again (as
// RocksDB's secondary instance catches up). The newest log may end in a record being written:
// its torn tail is left out, and a log created after the listing is newer than all the others,
// so a load sees a prefix of the acknowledged writes. Single-threaded (the store serializes loads).
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.WalRecoveryMode;
import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.CurrentFile;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.io.StoreFiles;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.version.ManifestSnapshot;
import dev.cairn.lsm.internal.version.TableRegistry;
import dev.cairn.lsm.internal.wal.LogReader;
import dev.cairn.lsm.internal.wal.LogRecordOpener;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/** Loads a store's state for reading. */
final class ReadOnlyLoad {
    /** Loads retried before giving up on a store that keeps changing under the reader. */
    static final int ATTEMPTS = 20;

    /**
     * A loaded state.
     *
     * @param superVersion the memtables and version (one reference, passed to the caller)
     * @param lastSequence the newest sequence it holds
     * @param manifest the manifest it came from
     * @param strategy the compaction strategy it records
     * @param families the store's live column families, the default first
     * @param familyOptions the persisted options' text of the family loaded
     */
    record Loaded(SuperVersion superVersion, long lastSequence, String manifest, String strategy, List<String> families,
                  String familyOptions) { }

    private final FileSystem fs;
    private final Path dir;
    private final TableRegistry tables;
    private final StoreCipher cipher;
    private final long memtableBytes;
    /** The name of the column family loaded. */
    private final String family;

    /** @param cipher opens the manifests and logs of an encrypted store; null when it is not encrypted */
    ReadOnlyLoad(FileSystem fs, Path dir, TableRegistry tables, StoreCipher cipher, long memtableBytes) {
        this(fs, dir, tables, cipher, memtableBytes, "default");
    }

    /**
     * @param family the name of the column family to load
     */
    ReadOnlyLoad(FileSystem fs, Path dir, TableRegistry tables, StoreCipher cipher, long memtableBytes, String family) {
        this.family = family;
        this.fs = fs;
        this.dir = dir;
        this.tables = tables;
        this.cipher = cipher;
        this.memtableBytes = memtableBytes;
    }

    /**
     * @return the store's state now
     * @throws LsmException when it stays unreadable through every attempt
     */
    Loaded load() throws IOException {
        IOException lastRace = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String named = CurrentFile.read(fs, dir);
            ManifestSnapshot m;
            try {
                m = ManifestSnapshot.read(fs, dir, tables, cipher, family);
            } catch (CorruptionException | FileNotFoundException e) {
                // The owner may have replaced the manifest between our reads of CURRENT and of it.
                if (named == null || named.equals(CurrentFile.read(fs, dir))) {
                    if (e instanceof CorruptionException damage) {
                        // Or it is appending an edit to it: like the newest log, the manifest can be
                        // read mid-append (a record's later fragments not yet there while records
                        // after them are). Reading again settles it; real damage stays.
                        lastRace = new LiveTail(damage);
                        continue;
                    }
                    throw e;
                }
                lastRace = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                continue;
            }
            boolean handedOver = false;
            try {
                for (FileMetadata f : m.version().allFiles()) {
                    tables.reader(f);
                }
                List<MemTable> mems = new ArrayList<>();
                long lastSeq = replayLogs(m, mems);
                MemTable active = mems.remove(mems.size() - 1);
                Collections.reverse(mems);
                Loaded loaded = new Loaded(new SuperVersion(active, mems, m.version()), lastSeq, m.manifest(), m.strategy(),
                        m.families(), m.familyOptions());
                handedOver = true;
                return loaded;
            } catch (FileNotFoundException e) {
                lastRace = e; // a table or log retired by the owner before we opened it
            } catch (LiveTail e) {
                lastRace = e;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof FileNotFoundException)) {
                    throw e;
                }
                lastRace = e.getCause();
            } finally {
                if (!handedOver) {
                    m.version().unref();
                }
            }
        }
        if (lastRace instanceof LiveTail tail) {
            // The same damage on every reading: not an append in progress but a damaged log or manifest.
            throw tail.damage;
        }
        throw new LsmException("store " + dir + " kept changing while it was read (" + ATTEMPTS + " attempts)"
                + (lastRace == null ? "" : ": " + lastRace.getMessage()), lastRace);
    }

    /**
     * Damage seen in the newest log, which the owner may be appending to: the reader can load a
     * block while a record's header is still zero and, scanning on, find the records appended
     * after it, which the tolerant mode takes for damage followed by intact records. Reading again
     * settles it: an append in progress completes, real damage stays.
     */
    private static final class LiveTail extends IOException {
        private static final long serialVersionUID = 1L;
        final transient CorruptionException damage;

        LiveTail(CorruptionException damage) {
            super(damage.getMessage(), damage);
            this.damage = damage;
        }
    }

    /** Replays the logs the manifest still needs; fills {@code mems} (oldest first, never empty). */
    private long replayLogs(ManifestSnapshot m, List<MemTable> mems) throws IOException {
        List<Long> logs = new ArrayList<>();
        for (Path p : fs.list(dir)) {
            FileNames.ParsedName f = FileNames.parse(p.name());
            if (f != null && f.type() == FileNames.FileType.WAL && f.number() >= m.logNumber()) {
                logs.add(f.number());
            }
        }
        logs.sort(null);
        if (m.logNumber() > 0 && !logs.contains(m.logNumber())) {
            // Retired by the owner after it logged a newer edit: the manifest we read is stale.
            throw new FileNotFoundException(dir.resolve(FileNames.wal(m.logNumber())) + " is gone");
        }
        long[] lastSeq = {m.lastSequence()};
        mems.add(MemTable.planned(0, memtableBytes));
        for (int i = 0; i < logs.size(); i++) {
            boolean newest = i == logs.size() - 1;
            String name = FileNames.wal(logs.get(i));
            try (FileHandle h = StoreFiles.openReadOnly(fs, dir.resolve(name))) {
                // Only the newest log can be in the middle of an append; an older one is complete.
                replayLog(h, name, newest ? WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS
                        : WalRecoveryMode.ABSOLUTE_CONSISTENCY, mems, lastSeq, m.family());
            } catch (CorruptionException e) {
                if (newest) {
                    throw new LiveTail(e);
                }
                throw e;
            }
        }
        return lastSeq[0];
    }

    /** Replays one log into the last of {@code mems}, starting a new memtable when one fills. */
    private void replayLog(FileHandle h, String name, WalRecoveryMode mode, List<MemTable> mems, long[] lastSeq,
                           int familyId) throws IOException {
        LogReader reader = new LogReader(h, name, mode, LogReader.Reporter.NONE,
                LogRecordOpener.of(cipher, FileKind.WAL, FileNames.parse(name).number(), name));
        MemTable current = mems.get(mems.size() - 1);
        byte[] rec;
        while ((rec = reader.readRecord()) != null) {
            try {
                BatchFormat.iterateSlices(rec, rec.length, (rep, kind, aOff, aLen, bOff, bLen, seq) -> { });
            } catch (CorruptionException e) {
                throw new CorruptionException(name + ": undecodable batch record ending at offset "
                        + reader.lastValidOffset() + ": " + e.getMessage(), e);
            }
            MemTable into = current;
            // The loaded family's writes (a log older than its log number holds none it lacks).
            MemTableInserter.apply(id -> id == familyId ? into : null, rec, BatchFormat.writeTime(rec));
            lastSeq[0] = Math.max(lastSeq[0], BatchFormat.sequence(rec) + BatchFormat.count(rec) - 1);
            if (current.approximateBytes() >= memtableBytes) {
                current = MemTable.following(current, 0, memtableBytes);
                mems.add(current);
            }
        }
    }
}

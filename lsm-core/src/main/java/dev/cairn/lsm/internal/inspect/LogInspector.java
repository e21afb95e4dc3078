// Reads a write-ahead log for inspection without a store: every intact record is listed, damage
// is collected rather than fatal (the reader runs in skip mode), and damage after the last
// intact record is reported as the torn tail a crash leaves (the engine drops it at open in
// its default mode). An encrypted log's records are opened with the store's key (a log read
// without it, or with another key, is an LsmException saying so). Stateless; safe from any thread.
package dev.cairn.lsm.internal.inspect;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.Encryption;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.WalRecoveryMode;
import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.crypto.EncryptionHeader;
import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.io.StoreFiles;
import dev.cairn.lsm.internal.wal.LogReader;
import dev.cairn.lsm.internal.wal.LogRecordOpener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/** Lists the records of a log file. */
public final class LogInspector {
    private LogInspector() {
    }

    /**
     * Reads {@code path}.
     *
     * @param fs the file system
     * @param path the log file
     * @return the report
     * @throws IOException when the file cannot be read
     */
    public static LogReport inspect(FileSystem fs, Path path) throws IOException {
        return inspectWith(fs, path, null);
    }

    /**
     * As {@link #inspect(FileSystem, Path)} for a log of a store encrypted with {@code encryption}
     * (null: not encrypted).
     *
     * @throws dev.cairn.lsm.LsmException if the log is encrypted and there is no key, or another key
     */
    public static LogReport inspect(FileSystem fs, Path path, Encryption encryption) throws IOException {
        return inspectWith(fs, path, StoreCipher.of(encryption, String.valueOf(path.parent())));
    }

    /** As {@link #inspect(FileSystem, Path, Encryption)} with the store's cipher. */
    static LogReport inspectWith(FileSystem fs, Path path, StoreCipher cipher) throws IOException {
        String name = path.name();
        String verdict = engineVerdict(fs, path, cipher);
        List<LogReport.Record> records = new ArrayList<>();
        List<Problem> damage = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (verdict != null) {
            problems.add(Problem.corruption(name, -1, verdict));
        }
        try (FileHandle h = StoreFiles.openReadOnly(fs, path)) {
            long size = h.size();
            // Skip mode lists every record it can reach; the damaged block's later records are lost
            // to it, which is why the verdict above comes from the engine's own mode.
            LogReader reader = new LogReader(h, name, WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS,
                    (offset, bytes, reason) -> damage.add(Problem.corruption(name, offset, reason + " (" + bytes
                            + " bytes skipped)")), opener(cipher, path));
            long previousEnd = 0;
            byte[] rec;
            while ((rec = reader.readRecord()) != null) {
                long end = reader.lastValidOffset();
                if (cipher == null && previousEnd == 0 && EncryptionHeader.hasMagic(rec, 0, rec.length)) {
                    throw new LsmException(name + " is encrypted: read it with its store's key");
                }
                // Damage reported while this record was found lies before it.
                long start = damage.isEmpty() ? previousEnd : Math.max(previousEnd, lastDamageEnd(damage));
                problems.addAll(damage);
                damage.clear();
                records.add(record(name, rec, start, end, problems));
                previousEnd = end;
            }
            long tornTail = -1;
            if (!damage.isEmpty() && verdict == null) {
                tornTail = damage.get(0).offset();
                problems.add(Problem.warning(name, tornTail, "torn tail: " + (size - tornTail)
                        + " bytes from this offset hold no intact record (a write cut short by a crash;"
                        + " the store drops them at open)"));
            } else {
                problems.addAll(damage);
            }
            return new LogReport(name, size, records, previousEnd, tornTail, problems);
        }
    }

    /** Readings of a log before damage in it is believed: a live log may be mid-append. */
    private static final int READINGS = 3;

    /**
     * Reads the log as recovery does by default (a torn tail tolerated, damage followed by an
     * intact record refused, every byte offset tried after damage). A log its store is appending
     * to can show a record whose header is not written yet followed by records appended since;
     * such a reading is not believed until it repeats.
     *
     * @return null when recovery would accept the log, else why it would not
     */
    private static String engineVerdict(FileSystem fs, Path path, StoreCipher cipher) throws IOException {
        String verdict = null;
        for (int i = 0; i < READINGS; i++) {
            verdict = oneReading(fs, path, cipher);
            if (verdict == null) {
                return null;
            }
        }
        return verdict;
    }

    private static String oneReading(FileSystem fs, Path path, StoreCipher cipher) throws IOException {
        try (FileHandle h = StoreFiles.openReadOnly(fs, path)) {
            LogReader reader = new LogReader(h, path.name(), WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS,
                    LogReader.Reporter.NONE, opener(cipher, path));
            while (reader.readRecord() != null) {
                // only the verdict matters here
            }
            return null;
        } catch (CorruptionException e) {
            return e.getMessage();
        }
    }

    /** @return the opener of an encrypted log (its number from its name), or null for a plain store */
    private static LogRecordOpener opener(StoreCipher cipher, Path path) {
        FileNames.ParsedName parsed = FileNames.parse(path.name());
        return LogRecordOpener.of(cipher, FileKind.WAL, parsed == null ? -1 : parsed.number(), path.name());
    }

    private static long lastDamageEnd(List<Problem> damage) {
        return damage.get(damage.size() - 1).offset();
    }

    private static LogReport.Record record(String name, byte[] rec, long start, long end, List<Problem> problems) {
        int[] kinds = new int[4];
        try {
            BatchFormat.iterateSlices(rec, rec.length, (rep, kind, aOff, aLen, bOff, bLen, seq) -> kinds[kind]++);
        } catch (CorruptionException e) {
            problems.add(Problem.corruption(name, start, "undecodable batch record ending at offset " + end + ": "
                    + e.getMessage()));
            if (rec.length < BatchFormat.HEADER) {
                return new LogReport.Record(start, end, -1, 0, 0, 0, 0, 0, rec.length);
            }
        }
        return new LogReport.Record(start, end, BatchFormat.sequence(rec), BatchFormat.count(rec),
                BatchFormat.writeTime(rec), kinds[BatchFormat.PUT] + kinds[BatchFormat.MERGE], kinds[BatchFormat.DELETE],
                kinds[BatchFormat.RANGE_DELETE], rec.length);
    }
}

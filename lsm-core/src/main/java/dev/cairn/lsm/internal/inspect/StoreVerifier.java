// Checks a whole store without opening it: CURRENT and the manifest replay; every table the
// manifest names exists with the recorded size and passes every block checksum, decoding and
// key-order check, and its properties agree with the manifest; every write-ahead log still
// needed reads cleanly (a torn tail is tolerated in the newest one only, as recovery does);
// files the manifest does not name are reported as leftovers. An encrypted store is verified with
// its key (every seal opened as a read would). Reads only; nothing is written.
// Stateless; safe from any thread.
package dev.cairn.lsm.internal.inspect;

import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.Encryption;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.vlog.BlobReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import okio.FileSystem;
import okio.Path;

/** Verifies every checksum of every live file of a store. */
public final class StoreVerifier {
    private StoreVerifier() {
    }

    /**
     * The bytes {@link #verify} will read: the live tables and logs. Used for progress totals.
     *
     * @param fs the file system
     * @param dir the store directory
     * @return the bytes, or 0 when the manifest cannot be read
     */
    public static long plannedBytes(FileSystem fs, Path dir) {
        return plannedBytes(fs, dir, null);
    }

    /**
     * As {@link #plannedBytes(FileSystem, Path)} for a store encrypted with {@code encryption}
     * (null: not encrypted).
     */
    public static long plannedBytes(FileSystem fs, Path dir, Encryption encryption) {
        try {
            ManifestReport m = ManifestInspector.read(fs, dir, encryption);
            long n = m.tableBytes();
            for (long log : logs(fs, dir, m.logNumber())) {
                n += size(fs, dir.resolve(FileNames.wal(log)));
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Verifies the store in {@code dir}.
     *
     * @param fs the file system
     * @param dir the store directory
     * @param bytesChecked told how many more bytes were checked as the work goes (may be null)
     * @return the report
     * @throws java.io.FileNotFoundException when {@code dir} holds no store
     * @throws IOException when the directory cannot be read
     */
    public static VerifyReport verify(FileSystem fs, Path dir, LongConsumer bytesChecked) throws IOException {
        return verify(fs, dir, bytesChecked, null);
    }

    /**
     * As {@link #verify(FileSystem, Path, LongConsumer)} for a store encrypted with
     * {@code encryption} (null: not encrypted).
     *
     * @throws dev.cairn.lsm.LsmException if the store is encrypted and there is no key or another
     *     key, or is not encrypted and there is one
     */
    public static VerifyReport verify(FileSystem fs, Path dir, LongConsumer bytesChecked, Encryption encryption)
            throws IOException {
        StoreCipher cipher = StoreCipher.of(encryption, dir.toString());
        List<Problem> problems = new ArrayList<>();
        List<VerifyReport.CheckedFile> files = new ArrayList<>();
        long[] checked = {0};
        LongConsumer progress = n -> {
            checked[0] += n;
            if (bytesChecked != null) {
                bytesChecked.accept(n);
            }
        };
        ManifestReport m;
        try {
            m = ManifestInspector.readWith(fs, dir, cipher);
        } catch (CorruptionException e) {
            problems.add(Problem.corruption("MANIFEST", -1, e.getMessage()));
            return new VerifyReport(null, files, 0, problems);
        }
        files.add(new VerifyReport.CheckedFile(FileNames.CURRENT, "current", size(fs, dir.resolve(FileNames.CURRENT)), true));
        files.add(new VerifyReport.CheckedFile(m.manifest(), "manifest", size(fs, dir.resolve(m.manifest())), true));
        Set<String> named = new HashSet<>();
        named.add(FileNames.CURRENT);
        named.add(FileNames.LOCK);
        named.add(m.manifest());
        for (ManifestReport.Table t : m.tables()) {
            named.add(t.fileName());
            files.add(checkTable(fs, dir, t, cipher, problems, progress));
        }
        for (long blob : m.blobFiles()) {
            files.add(checkBlobFile(fs, dir, blob, cipher, problems));
            named.add(FileNames.blob(blob));
        }
        m.blobDamage().forEach(d -> problems.add(Problem.corruption(m.manifest(), -1, d)));
        m.blobLeaks().forEach(l -> problems.add(Problem.warning(m.manifest(), -1, l)));
        List<Long> logs = logs(fs, dir, m.logNumber());
        if (m.logNumber() > 0 && !logs.contains(m.logNumber())) {
            problems.add(Problem.corruption(FileNames.wal(m.logNumber()), -1, "the manifest names write-ahead log "
                    + FileNames.wal(m.logNumber()) + " as live, but it is missing"));
        }
        int newestWithData = -1;
        List<LogReport> reports = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            LogReport r = LogInspector.inspectWith(fs, dir.resolve(FileNames.wal(logs.get(i))), cipher);
            reports.add(r);
            if (!r.records().isEmpty() || r.tornTailOffset() >= 0) {
                newestWithData = i;
            }
            named.add(r.file());
        }
        for (int i = 0; i < reports.size(); i++) {
            LogReport r = reports.get(i);
            boolean intact = true;
            for (Problem p : r.problems()) {
                boolean tornTailOfOlderLog = !p.corruption() && i < newestWithData;
                if (tornTailOfOlderLog) {
                    problems.add(Problem.corruption(p.file(), p.offset(), "a log older than the newest is torn at"
                            + " this offset: records are missing from its end"));
                } else {
                    problems.add(p);
                }
                intact &= !p.corruption() && !tornTailOfOlderLog;
            }
            files.add(new VerifyReport.CheckedFile(r.file(), "wal", r.fileSize(), intact));
            progress.accept(r.fileSize());
        }
        for (Path p : fs.list(dir)) {
            String name = p.name();
            if (named.contains(name)) {
                continue;
            }
            FileNames.ParsedName parsed = FileNames.parse(name);
            if (parsed != null) {
                problems.add(Problem.warning(name, -1, "not named by " + m.manifest()
                        + " (a leftover the store removes at its next open)"));
            }
        }
        return new VerifyReport(m.manifest(), files, checked[0], problems);
    }

    private static VerifyReport.CheckedFile checkTable(FileSystem fs, Path dir, ManifestReport.Table t,
                                                       StoreCipher cipher, List<Problem> problems,
                                                       LongConsumer progress) {
        Path path = dir.resolve(t.fileName());
        long actual = size(fs, path);
        if (actual < 0) {
            problems.add(Problem.corruption(t.fileName(), -1, "named by the manifest but missing"));
            return new VerifyReport.CheckedFile(t.fileName(), "table", 0, false);
        }
        int before = problems.size();
        if (actual != t.fileSize()) {
            problems.add(Problem.corruption(t.fileName(), -1, "is " + actual + " bytes; the manifest records "
                    + t.fileSize()));
        }
        TableReport r;
        try {
            r = TableInspector.inspectWith(fs, path, true, progress, cipher);
        } catch (UncheckedIOException e) {
            problems.add(Problem.corruption(t.fileName(), -1, "cannot be read: " + e.getMessage()));
            return new VerifyReport.CheckedFile(t.fileName(), "table", actual, false);
        }
        problems.addAll(r.problems());
        TableReport.Properties p = r.properties();
        if (p != null && (p.entries() != t.entries() || p.rangeTombstones() != t.rangeTombstones())) {
            problems.add(Problem.corruption(t.fileName(), -1, "holds " + p.entries() + " entries and "
                    + p.rangeTombstones() + " range tombstones; the manifest records " + t.entries() + " and "
                    + t.rangeTombstones()));
        }
        boolean intact = problems.subList(before, problems.size()).stream().noneMatch(Problem::corruption);
        return new VerifyReport.CheckedFile(t.fileName(), "table", actual, intact);
    }

    /** Opens a blob file the manifest names (its header checked); its records are checked when read. */
    private static VerifyReport.CheckedFile checkBlobFile(FileSystem fs, Path dir, long number, StoreCipher cipher,
                                                          List<Problem> problems) {
        String name = FileNames.blob(number);
        long actual = size(fs, dir.resolve(name));
        if (actual < 0) {
            problems.add(Problem.corruption(name, -1, "named by the manifest but missing"));
            return new VerifyReport.CheckedFile(name, "blob", actual, false);
        }
        try (BlobReader r = BlobReader.open(fs, dir, number, cipher, null)) {
            return new VerifyReport.CheckedFile(name, "blob", actual, true);
        } catch (IOException | LsmException e) {
            problems.add(Problem.corruption(name, -1, "cannot be read: " + e.getMessage()));
            return new VerifyReport.CheckedFile(name, "blob", actual, false);
        }
    }

    private static List<Long> logs(FileSystem fs, Path dir, long logNumber) throws IOException {
        List<Long> out = new ArrayList<>();
        for (Path p : fs.list(dir)) {
            FileNames.ParsedName f = FileNames.parse(p.name());
            if (f != null && f.type() == FileNames.FileType.WAL && f.number() >= logNumber) {
                out.add(f.number());
            }
        }
        out.sort(null);
        return out;
    }

    /** @return the file's size, or -1 when it does not exist */
    private static long size(FileSystem fs, Path path) {
        try {
            okio.FileMetadata md = fs.metadataOrNull(path);
            return md == null || md.getSize() == null ? -1 : md.getSize();
        } catch (IOException e) {
            return -1;
        }
    }
}

// The value log's side of one flush or compaction: separates large values into the job's new blob
// file, moves the live values out of files being collected, and counts the pointers that went in
// and came out so the job can report each blob file's new garbage. Single-threaded; one per job.
package dev.cairn.lsm.internal.vlog;

import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import okio.FileSystem;
import okio.Path;

/**
 * What a job does with values and pointers on their way into its tables ({@link #output}):
 *
 * <ul>
 *   <li>a {@link ValueKind#PUT} whose value has at least {@link BlobFiles#threshold()} bytes is
 *       appended to the job's blob file and written as a pointer;
 *   <li>a pointer into a file being collected (garbage ratio at least
 *       {@link BlobFiles#GC_GARBAGE_RATIO} when the job began) has its value read, checked and
 *       appended to the job's blob file: a new pointer replaces it;
 *   <li>every other entry passes unchanged (pointers too: compactions move them, not values).
 * </ul>
 *
 * Garbage is counted exactly: each blob record is reached by one table entry, so a file's new
 * garbage is what the job's inputs pointed to in it ({@link #input}) minus what its outputs still
 * do. The new blob file is finished (fsynced, renamed) by {@link #finish} before the job's tables
 * are installed; the engine's manifest edit names the tables, the blob file and the garbage
 * together, so a power cut before it leaves the old files in force and the new ones unnamed
 * (removed at the next open). Single-threaded.
 */
public final class BlobSeparation {
    private final BlobFiles blobs;
    private final FileSystem fs;
    private final Path dir;
    private final LongSupplier fileNumbers;
    private final Set<Long> collecting;
    private final int threshold;
    private final Map<Long, long[]> in = new TreeMap<>();
    private final Map<Long, long[]> out = new TreeMap<>();
    private final List<VersionEdit.BlobFileAdded> finished = new ArrayList<>();
    private BlobWriter writer;
    private byte[] key;
    private byte[] value;

    /**
     * @param collecting blob files whose live values this job moves to its own blob file
     */
    public BlobSeparation(BlobFiles blobs, FileSystem fs, Path dir, LongSupplier fileNumbers, Set<Long> collecting) {
        this.blobs = blobs;
        this.fs = fs;
        this.dir = dir;
        this.fileNumbers = fileNumbers;
        this.collecting = Set.copyOf(collecting);
        this.threshold = blobs.threshold();
    }

    /**
     * @param files the live blob files when the job began
     * @return those whose garbage ratio reached {@link BlobFiles#GC_GARBAGE_RATIO}
     */
    public static Set<Long> dueForCollection(Map<Long, BlobFileState> files) {
        Set<Long> due = new java.util.HashSet<>();
        for (BlobFileState s : files.values()) {
            if (s.garbageRatio() >= BlobFiles.GC_GARBAGE_RATIO) {
                due.add(s.number());
            }
        }
        return due;
    }

    /** Counts an entry the job read from its input tables (before deciding whether it survives). */
    public void input(byte[] ikey, byte[] stored) {
        if (InternalKey.kind(ikey) == ValueKind.BLOB) {
            count(in, BlobPointer.decode(stored, 0, stored.length));
        }
    }

    /**
     * Decides how an entry is written; read the result from {@link #key()} and {@link #value()}.
     *
     * @throws IOException when the blob file cannot be written
     */
    public void output(byte[] ikey, byte[] stored) throws IOException {
        key = ikey;
        value = stored;
        int kind = InternalKey.kind(ikey);
        if (kind == ValueKind.PUT && threshold > 0 && stored.length - StoredValue.valueOffset(stored) >= threshold) {
            int at = StoredValue.valueOffset(stored);
            separate(ikey, StoredValue.writeTime(stored), stored, at, stored.length - at);
        } else if (kind == ValueKind.BLOB) {
            BlobPointer p = BlobPointer.decode(stored, 0, stored.length);
            if (collecting.contains(p.file())) {
                byte[] userKey = InternalKey.userKey(ikey);
                byte[] v = blobs.reader(p.file()).read(p, userKey);
                separate(ikey, StoredValue.writeTime(stored), v, 0, v.length);
            } else {
                count(out, p);
            }
        }
    }

    private void separate(byte[] ikey, long writeTime, byte[] v, int off, int len) throws IOException {
        if (writer == null) {
            writer = new BlobWriter(fs, dir, fileNumbers.getAsLong(), blobs.cipher());
        }
        byte[] userKey = InternalKey.userKey(ikey);
        BlobPointer p = writer.add(userKey, v, off, len);
        key = InternalKey.encode(userKey, InternalKey.sequence(ikey), ValueKind.BLOB);
        value = p.encode(writeTime);
    }

    /** @return the internal key to write for the last {@link #output} */
    public byte[] key() {
        return key;
    }

    /** @return the stored value to write for the last {@link #output} */
    public byte[] value() {
        return value;
    }

    /**
     * Finishes the job's blob file (fsynced and renamed; not yet live).
     *
     * @return the blob files written (none when nothing was separated)
     */
    public List<VersionEdit.BlobFileAdded> finish() throws IOException {
        if (writer != null) {
            finished.add(writer.finish());
            writer = null;
        }
        return List.copyOf(finished);
    }

    /** @return per blob file, what the job's inputs pointed to that its outputs no longer do */
    public List<VersionEdit.BlobGarbage> garbage() {
        List<VersionEdit.BlobGarbage> g = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : in.entrySet()) {
            long[] o = out.getOrDefault(e.getKey(), new long[2]);
            long count = e.getValue()[0] - o[0];
            long bytes = e.getValue()[1] - o[1];
            if (count > 0) {
                g.add(new VersionEdit.BlobGarbage(e.getKey(), count, bytes));
            }
        }
        return g;
    }

    /** Removes the job's blob files. Never throws. */
    public void abandon() {
        if (writer != null) {
            writer.abandon();
            writer = null;
        }
        for (VersionEdit.BlobFileAdded b : finished) {
            try {
                fs.delete(dir.resolve(dev.cairn.lsm.internal.io.FileNames.blob(b.number())), false);
            } catch (IOException ignored) {
                // removed at the next open
            }
        }
        finished.clear();
    }

    private static void count(Map<Long, long[]> m, BlobPointer p) {
        long[] c = m.computeIfAbsent(p.file(), n -> new long[2]);
        c[0]++;
        c[1] += p.size();
    }
}

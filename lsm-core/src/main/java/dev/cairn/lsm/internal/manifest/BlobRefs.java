// Which blob files of the value log one table points into, and how many records and bytes in each:
// what the table's removal without being read turns into garbage (docs/format.md, tag 15).
// Immutable; safe to share across threads.
package dev.cairn.lsm.internal.manifest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table's pointers into the value log, counted per blob file when the table was written. A
 * table written by a job that knew nothing of blob files (no separation threshold and no live blob
 * file), or by code from before tag 15, has {@link #UNKNOWN} references: whoever drops it unread
 * while blob files are live must count its pointers by reading it.
 */
public final class BlobRefs {
    /** Not counted: the table may hold pointers nobody recorded (nothing is written for it). */
    public static final BlobRefs UNKNOWN = new BlobRefs(null);
    /** Counted, and none: the table holds no pointer. */
    public static final BlobRefs NONE = new BlobRefs(new long[0]);

    /** {@code file, count, bytes} per blob file, files ascending; null when not counted. */
    private final long[] triples;

    private BlobRefs(long[] triples) {
        this.triples = triples;
    }

    /**
     * @param counts per blob file number, {@code {records, bytes}} the table points to in it
     * @return those references (files with no record left out)
     */
    public static BlobRefs of(Map<Long, long[]> counts) {
        TreeMap<Long, long[]> sorted = new TreeMap<>(counts);
        sorted.values().removeIf(c -> c[0] == 0);
        long[] t = new long[sorted.size() * 3];
        int i = 0;
        for (Map.Entry<Long, long[]> e : sorted.entrySet()) {
            t[i++] = e.getKey();
            t[i++] = e.getValue()[0];
            t[i++] = e.getValue()[1];
        }
        return t.length == 0 ? NONE : new BlobRefs(t);
    }

    /** @return whether the references were counted (false for {@link #UNKNOWN}) */
    public boolean known() {
        return triples != null;
    }

    /** @return how many blob files the table points into (0 when not counted) */
    public int size() {
        return triples == null ? 0 : triples.length / 3;
    }

    /** @return the number of the {@code i}-th blob file, ascending */
    public long file(int i) {
        return triples[i * 3];
    }

    /** @return the records the table points to in the {@code i}-th blob file */
    public long count(int i) {
        return triples[i * 3 + 1];
    }

    /** @return the bytes of those records */
    public long bytes(int i) {
        return triples[i * 3 + 2];
    }

    /** @return what dropping the table unread makes garbage, per blob file (empty when not counted) */
    public List<VersionEdit.BlobGarbage> asGarbage() {
        List<VersionEdit.BlobGarbage> g = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            g.add(new VersionEdit.BlobGarbage(file(i), count(i), bytes(i)));
        }
        return g;
    }

    /** Compares the counts. */
    @Override
    public boolean equals(Object o) {
        return o instanceof BlobRefs r && Arrays.equals(triples, r.triples);
    }

    /** Hashes the counts. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(triples);
    }

    /** Lists {@code file:records/bytes} per blob file, or says the references were not counted. */
    @Override
    public String toString() {
        if (triples == null) {
            return "not counted";
        }
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < size(); i++) {
            s.append(i == 0 ? "" : ", ").append(file(i)).append(':').append(count(i)).append('/').append(bytes(i));
        }
        return s.append(']').toString();
    }
}

// One immutable arrangement of the live tables by level, reference-counted by the version set and
// its readers. Immutable apart from its atomic count and seek budget; thread-safe.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.vlog.BlobFileState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One immutable arrangement of the live tables: level 0 holds tables that may overlap (newest
 * first, by largest sequence), levels 1 and up hold non-overlapping tables sorted by key.
 * Size-tiered and time-window stores keep every table in level 0. A version is reference-counted:
 * the version set holds one reference while it is current, and every reader holds one while it
 * uses it; when the count drops to zero its tables are released, and tables no live version names
 * are closed and deleted.
 */
public final class Version {
    /** Number of levels. */
    public static final int NUM_LEVELS = 7;

    /** Orders level-0 tables newest first. */
    public static final Comparator<FileMetadata> NEWEST_FIRST =
            Comparator.comparingLong(FileMetadata::largestSeq).reversed()
                    .thenComparing(Comparator.comparingLong(FileMetadata::number).reversed());
    /** Orders tables of a sorted level by smallest key. */
    public static final Comparator<FileMetadata> BY_SMALLEST =
            (a, b) -> InternalKey.compare(a.smallest(), b.smallest());

    private final List<List<FileMetadata>> levels;
    /** The live blob files of the value log, by number. */
    private final java.util.SortedMap<Long, BlobFileState> blobFiles;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final TableRegistry registry;
    private final SeekBudget seeks;

    Version(List<List<FileMetadata>> levels, TableRegistry registry) {
        this(levels, registry, null);
    }

    /**
     * @param previous the seek allowances the tables had in the version this one replaces (they
     *     carry over, as LevelDB keeps them on its file metadata), or null
     */
    Version(List<List<FileMetadata>> levels, TableRegistry registry, SeekBudget previous) {
        this(levels, java.util.Map.of(), registry, previous);
    }

    /** @param blobFiles the live blob files, by number */
    Version(List<List<FileMetadata>> levels, java.util.Map<Long, BlobFileState> blobFiles, TableRegistry registry,
            SeekBudget previous) {
        this.blobFiles = Collections.unmodifiableSortedMap(new java.util.TreeMap<>(blobFiles));
        List<List<FileMetadata>> copy = new ArrayList<>(NUM_LEVELS);
        for (int i = 0; i < NUM_LEVELS; i++) {
            List<FileMetadata> files = new ArrayList<>(i < levels.size() ? levels.get(i) : List.of());
            files.sort(i == 0 ? NEWEST_FIRST : BY_SMALLEST);
            copy.add(Collections.unmodifiableList(files));
        }
        this.levels = Collections.unmodifiableList(copy);
        this.registry = registry;
        this.seeks = new SeekBudget(this.levels, previous);
        if (registry != null) {
            for (List<FileMetadata> level : this.levels) {
                for (FileMetadata f : level) {
                    registry.ref(f);
                }
            }
            for (long b : this.blobFiles.keySet()) {
                registry.blobs().ref(b);
            }
        }
    }

    /** @return the live blob files of the value log, by number (unmodifiable) */
    public java.util.SortedMap<Long, BlobFileState> blobFiles() {
        return blobFiles;
    }

    /** @return the tables of {@code level} */
    public List<FileMetadata> files(int level) {
        return levels.get(level);
    }

    /** @return what reads that had to look into more than one table cost each table */
    public SeekBudget seeks() {
        return seeks;
    }

    /** @return every table, level 0 first */
    public List<FileMetadata> allFiles() {
        List<FileMetadata> out = new ArrayList<>();
        for (List<FileMetadata> l : levels) {
            out.addAll(l);
        }
        return out;
    }

    /** @return the number of tables in all levels */
    public int fileCount() {
        int n = 0;
        for (List<FileMetadata> l : levels) {
            n += l.size();
        }
        return n;
    }

    /** @return total bytes of the tables of {@code level} */
    public long levelBytes(int level) {
        long n = 0;
        for (FileMetadata f : levels.get(level)) {
            n += f.fileSize();
        }
        return n;
    }

    /** @return the deepest level holding any table, or 0 */
    public int deepestLevel() {
        for (int i = NUM_LEVELS - 1; i > 0; i--) {
            if (!levels.get(i).isEmpty()) {
                return i;
            }
        }
        return 0;
    }

    /**
     * In a sorted level, the index of the only table that may hold {@code userKey}, or -1. A
     * table whose largest key is a range-tombstone end sentinel for {@code userKey} does not hold
     * it (the tombstone end is exclusive); the next table does.
     */
    public int findFile(int level, byte[] userKey) {
        List<FileMetadata> files = levels.get(level);
        int lo = 0;
        int hi = files.size() - 1;
        int found = files.size();
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            byte[] largest = files.get(mid).largest();
            int c = InternalKey.compareUserKey(largest, userKey);
            if (c > 0 || c == 0 && !InternalKey.isRangeEndSentinel(largest)) {
                found = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        if (found == files.size()) {
            return -1;
        }
        return InternalKey.compareUserKey(files.get(found).smallest(), userKey) <= 0 ? found : -1;
    }

    /**
     * @return the tables of {@code level} whose user-key range meets {@code [from, to]}
     *     (null bounds are open)
     */
    public List<FileMetadata> overlapping(int level, byte[] from, byte[] to) {
        List<FileMetadata> out = new ArrayList<>();
        for (FileMetadata f : levels.get(level)) {
            if (overlaps(f, from, to)) {
                out.add(f);
            }
        }
        return out;
    }

    /** @return whether table {@code f}'s user-key range meets {@code [from, to]} (null = open) */
    public static boolean overlaps(FileMetadata f, byte[] from, byte[] to) {
        if (from != null && InternalKey.compareUserKey(f.largest(), from) < 0) {
            return false;
        }
        return to == null || InternalKey.compareUserKey(f.smallest(), to) <= 0;
    }

    /** @return whether {@code userKey} lies in table {@code f}'s user-key range */
    public static boolean contains(FileMetadata f, byte[] userKey) {
        return InternalKey.compareUserKey(f.smallest(), userKey) <= 0
                && InternalKey.compareUserKey(f.largest(), userKey) >= 0;
    }

    /**
     * {@link #contains} as a number and without branches of its own, for a read path that folds
     * it into another test (a key outside a level-0 table's range is rare, and a branch first
     * taken in the middle of a workload throws away the reader's compiled code).
     *
     * @return 1 when {@code userKey} lies outside table {@code f}'s user-key range, else 0
     */
    public static int outsideRange(FileMetadata f, byte[] userKey) {
        int fromSmallest = InternalKey.compareUserKey(f.smallest(), userKey);
        int fromLargest = InternalKey.compareUserKey(f.largest(), userKey);
        // Inside when fromSmallest <= 0 and fromLargest >= 0: both sign bits below are set.
        return (((fromSmallest - 1) & ~fromLargest) >>> 31) ^ 1;
    }

    /** Takes a reference; returns false when the version is already released. */
    public boolean tryRef() {
        while (true) {
            int n = refs.get();
            if (n <= 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one releases the tables. */
    public void unref() {
        int n = refs.decrementAndGet();
        if (n == 0 && registry != null) {
            for (List<FileMetadata> level : levels) {
                for (FileMetadata f : level) {
                    registry.unref(f.number());
                }
            }
            for (long b : blobFiles.keySet()) {
                registry.blobs().unref(b);
            }
        } else if (n < 0) {
            throw new IllegalStateException("version released twice");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Version[");
        for (int i = 0; i < NUM_LEVELS; i++) {
            if (!levels.get(i).isEmpty()) {
                sb.append(" L").append(i).append('=').append(
                        Arrays.toString(levels.get(i).stream().mapToLong(FileMetadata::number).toArray()));
            }
        }
        return sb.append(" ]").toString();
    }
}

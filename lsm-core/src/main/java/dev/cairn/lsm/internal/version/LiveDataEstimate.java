// The estimate of a version's live data behind StoreStats.estimatedLiveBytes (and so its space
// amplification): from the tables' metadata alone, no data read. Stateless; thread-safe.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Estimates the table bytes that hold the newest version of each live key. A maximal set of
 * tables whose user-key ranges do not overlap is chosen from the deepest level up (the deepest
 * level holds the most compacted data; within level 0, where tables overlap, the largest table is
 * tried first), and each chosen table counts for the share of its point entries that are not
 * point tombstones. Tables overlapping a chosen one are taken as older versions and deletes of
 * its keys. RocksDB's {@code estimate-live-data-size} makes the same choice; the tombstone share
 * is Cairn's.
 */
public final class LiveDataEstimate {
    private LiveDataEstimate() {
    }

    /**
     * @param v a version (the caller holds a reference or the tables' metadata)
     * @return the estimated live bytes; 0 for a version without tables
     */
    public static long of(Version v) {
        // Chosen user-key ranges, disjoint: smallest user key -> largest user key.
        TreeMap<byte[], byte[]> chosen = new TreeMap<>(Arrays::compareUnsigned);
        double live = 0;
        for (int level = Version.NUM_LEVELS - 1; level >= 0; level--) {
            List<FileMetadata> files = v.files(level);
            if (level == 0) {
                files = new ArrayList<>(files);
                files.sort((a, b) -> Long.compare(b.fileSize(), a.fileSize()));
            }
            for (FileMetadata f : files) {
                byte[] from = InternalKey.userKey(f.smallest());
                byte[] to = InternalKey.userKey(f.largest());
                if (overlapsChosen(chosen, from, to)) {
                    continue;
                }
                chosen.put(from, to);
                live += liveShare(f);
            }
        }
        return Math.round(live);
    }

    /** @return the table's bytes times the share of its point entries that are not tombstones */
    private static double liveShare(FileMetadata f) {
        if (f.entries() <= 0) {
            return 0; // range tombstones only
        }
        long puts = Math.max(0, f.entries() - f.pointTombstones());
        return (double) f.fileSize() * puts / f.entries();
    }

    /** Whether {@code [from, to]} overlaps one of the disjoint ranges in {@code chosen}. */
    private static boolean overlapsChosen(TreeMap<byte[], byte[]> chosen, byte[] from, byte[] to) {
        Map.Entry<byte[], byte[]> before = chosen.floorEntry(from);
        if (before != null && Arrays.compareUnsigned(before.getValue(), from) >= 0) {
            return true;
        }
        Map.Entry<byte[], byte[]> after = chosen.ceilingEntry(from);
        return after != null && Arrays.compareUnsigned(after.getKey(), to) <= 0;
    }
}

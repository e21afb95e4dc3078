// Checks a version's value-log accounting against its tables' recorded blob references
// (docs/format.md tag 15): what `cairn verify` reports as a dangling pointer or leaked blob space.
// Stateless; thread-safe.
package dev.cairn.lsm.internal.inspect;

import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.manifest.BlobRefs;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.Version;
import dev.cairn.lsm.internal.vlog.BlobFileState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each blob record is named by exactly one table entry, so in a consistent store every blob file a
 * table points into is live, and each live blob file's records not yet counted as garbage are
 * exactly those the tables point to. A table pointing into a file that is not live, or more
 * records than the file has live, is damage (the file goes, or has gone, while a pointer still
 * names it); fewer is leaked space (records no compaction will ever count as garbage, as the code
 * before tag 15 left behind when a TTL dropped a table whole). The counts are compared only when
 * every table's references were counted.
 */
final class BlobAccounting {
    private BlobAccounting() {
    }

    /**
     * @param v a version (all families' tables and blob files)
     * @param damage receives each dangling reference, as a message
     * @param leaks receives each blob file with live records no table names, as a message
     */
    static void check(Version v, List<String> damage, List<String> leaks) {
        Map<Long, BlobFileState> live = v.blobFiles();
        Map<Long, long[]> named = new TreeMap<>();
        boolean allCounted = true;
        for (FileMetadata f : v.allFiles()) {
            BlobRefs r = f.blobRefs();
            allCounted &= r.known();
            for (int i = 0; i < r.size(); i++) {
                if (!live.containsKey(r.file(i))) {
                    damage.add("table " + FileNames.table(f.number()) + " points to " + r.count(i) + " records of "
                            + FileNames.blob(r.file(i)) + ", which the manifest does not name");
                }
                long[] c = named.computeIfAbsent(r.file(i), n -> new long[2]);
                c[0] += r.count(i);
                c[1] += r.bytes(i);
            }
        }
        if (!allCounted) {
            return;
        }
        for (BlobFileState s : live.values()) {
            long liveRecords = s.count() - s.garbageCount();
            long pointed = named.getOrDefault(s.number(), new long[2])[0];
            if (pointed > liveRecords) {
                damage.add("tables point to " + pointed + " records of " + FileNames.blob(s.number()) + ", which has "
                        + liveRecords + " not counted as garbage");
            } else if (pointed < liveRecords) {
                leaks.add((liveRecords - pointed) + " records of " + FileNames.blob(s.number())
                        + " are named by no table and not counted as garbage (space never reclaimed)");
            }
        }
    }
}

// Finds the tables a TTL lets compaction drop whole, without reading them. Stateless; thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the tables a TTL lets compaction drop whole, without reading them. Reads already hide
 * every entry written before {@code now - ttl}, at every snapshot, so a table whose newest entry
 * is that old holds nothing anyone can see. Its tombstones may still hide older data, but that
 * data is older still and expired too, as long as write times grow with sequence numbers. A range
 * tombstone carries no write time, so a table holding one counts as written at its creation; and
 * against a clock that went backwards, a table with tombstones is dropped only when every older
 * table overlapping it has expired as well (Cassandra's rule for fully expired sstables).
 * Stateless; thread-safe.
 */
final class ExpiredTables {
    private ExpiredTables() {
    }

    /**
     * @param f a table
     * @return the newest write time its entries can have (epoch millis)
     */
    static long newestWrite(FileMetadata f) {
        if (f.rangeTombstones() > 0) {
            return Math.max(f.entries() > 0 ? f.maxWriteTime() : Long.MIN_VALUE, f.creationTime());
        }
        return f.entries() > 0 ? f.maxWriteTime() : f.creationTime();
    }

    /**
     * @param v the version
     * @param busy tables already being compacted
     * @param expiredBefore entries written before this epoch millis are expired (Long.MIN_VALUE: no TTL)
     * @return the tables that can be dropped whole, possibly empty
     */
    static List<FileMetadata> find(Version v, Set<Long> busy, long expiredBefore) {
        List<FileMetadata> out = new ArrayList<>();
        if (expiredBefore == Long.MIN_VALUE) {
            return out;
        }
        List<FileMetadata> all = v.allFiles();
        for (FileMetadata f : all) {
            if (busy.contains(f.number()) || newestWrite(f) >= expiredBefore) {
                continue;
            }
            if (f.pointTombstones() + f.rangeTombstones() > 0 && !olderOverlapsExpired(all, f, expiredBefore)) {
                continue;
            }
            out.add(f);
        }
        return out;
    }

    private static boolean olderOverlapsExpired(List<FileMetadata> all, FileMetadata f, long expiredBefore) {
        for (FileMetadata g : all) {
            if (g.number() != f.number() && g.smallestSeq() < f.largestSeq()
                    && Version.overlaps(g, InternalKey.userKey(f.smallest()),
                            InternalKey.userKey(f.largest()))
                    && newestWrite(g) >= expiredBefore) {
                return false;
            }
        }
        return true;
    }

}

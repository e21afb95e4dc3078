// Chooses a table to rewrite because it points into a blob file that is mostly garbage, under every
// strategy, so the value log is collected even when the tree itself has nothing to compact.
// Stateless; thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.manifest.BlobRefs;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.version.Version;
import dev.cairn.lsm.internal.vlog.BlobSeparation;
import java.util.List;
import java.util.Set;

/**
 * Value-log garbage collection as compaction work (RocksDB's
 * {@code blob_garbage_collection_force_threshold}: a blob file past the threshold has the tables
 * pointing into it compacted). A blob file whose garbage reaches
 * {@link dev.cairn.lsm.internal.vlog.BlobFiles#GC_GARBAGE_RATIO} is collected by any compaction
 * that reads pointers into it; this finds one table whose recorded references
 * ({@link FileMetadata#blobRefs()}) name such a file, to be rewritten alone in its own level (as a
 * tombstone compaction is). The rewrite moves the live values it points to into a new blob file,
 * so its references no longer name the collected file and it is never chosen again for it: once
 * the last such table is rewritten the file is all garbage and leaves the store. Tables whose
 * references were not counted (written before docs/format.md's tag 15) are not found here;
 * {@code compactRange} collects through them. Stateless; thread-safe.
 */
final class BlobCollection {
    /** The reason of the compactions this chooses. */
    static final String REASON = "blob collection";

    private BlobCollection() {
    }

    /**
     * @param v the version
     * @param busy tables being compacted
     * @param targetFileSize where the rewrite splits its output
     * @return one table's rewrite, or null when no table points into a blob file due for collection
     */
    static Compaction find(Version v, Set<Long> busy, long targetFileSize) {
        if (v.blobFiles().isEmpty()) {
            return null;
        }
        Set<Long> due = BlobSeparation.dueForCollection(v.blobFiles());
        if (due.isEmpty()) {
            return null;
        }
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
            for (FileMetadata f : v.files(level)) {
                if (!busy.contains(f.number()) && pointsInto(f.blobRefs(), due)) {
                    return Compaction.withinLevel(List.of(f), level, targetFileSize, REASON);
                }
            }
        }
        return null;
    }

    private static boolean pointsInto(BlobRefs refs, Set<Long> files) {
        for (int i = 0; i < refs.size(); i++) {
            if (files.contains(refs.file(i))) {
                return true;
            }
        }
        return false;
    }
}

// What removing tables without rewriting them (expired under a TTL, or the tables of a dropped
// column family) leaves in the value log: every record their pointers named becomes garbage.
// Stateless; thread-safe.
package dev.cairn.lsm.internal.compaction;

import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.version.TableRegistry;
import dev.cairn.lsm.internal.vlog.BlobFileState;
import dev.cairn.lsm.internal.vlog.BlobPointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The blob garbage of tables leaving a version unread. Each blob record is named by exactly one
 * table entry, so a dropped table's pointers are garbage to the last record: a table's
 * {@link FileMetadata#blobRefs()} says how many (counted when it was written, docs/format.md tag
 * 15); a table whose references were not counted (written by code from before tag 15, or by a job
 * that knew of no blob file) is read to count them, but only while the version has blob files at
 * all. Stateless; thread-safe.
 */
public final class DroppedTables {
    private DroppedTables() {
    }

    /**
     * @param dropped the tables leaving the version unread
     * @param liveBlobs the version's live blob files
     * @param tables opens a table whose references were not counted
     * @return per live blob file, the records and bytes the dropped tables pointed to
     */
    public static List<VersionEdit.BlobGarbage> blobGarbage(List<FileMetadata> dropped,
            Map<Long, BlobFileState> liveBlobs, TableRegistry tables) {
        if (liveBlobs.isEmpty() || dropped.isEmpty()) {
            return List.of();
        }
        Map<Long, long[]> counts = new TreeMap<>();
        for (FileMetadata f : dropped) {
            if (f.blobRefs().known()) {
                for (int i = 0; i < f.blobRefs().size(); i++) {
                    long[] c = counts.computeIfAbsent(f.blobRefs().file(i), n -> new long[2]);
                    c[0] += f.blobRefs().count(i);
                    c[1] += f.blobRefs().bytes(i);
                }
            } else {
                countPointers(f, tables, counts);
            }
        }
        List<VersionEdit.BlobGarbage> out = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : counts.entrySet()) {
            // A file already gone from the version was counted whole by an earlier edit; naming it
            // again would make the edit (and the manifest holding it) unreadable.
            if (liveBlobs.containsKey(e.getKey())) {
                out.add(new VersionEdit.BlobGarbage(e.getKey(), e.getValue()[0], e.getValue()[1]));
            }
        }
        return out;
    }

    private static void countPointers(FileMetadata f, TableRegistry tables, Map<Long, long[]> counts) {
        InternalIterator it = tables.reader(f).newIterator(false);
        try {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (InternalKey.kind(it.key()) == ValueKind.BLOB) {
                    byte[] stored = it.value();
                    BlobPointer p = BlobPointer.decode(stored, 0, stored.length);
                    long[] c = counts.computeIfAbsent(p.file(), n -> new long[2]);
                    c[0]++;
                    c[1] += p.size();
                }
            }
        } finally {
            it.close();
        }
    }
}

// Encodes a VersionEdit into one manifest record's payload: the tagged fields of docs/format.md's
// "Manifest", family fields first. Stateless.
package dev.cairn.lsm.internal.manifest;

import java.nio.charset.StandardCharsets;

/** The encoding half of {@link VersionEdit}; see the file comment. */
final class EditEncoder {
    private EditEncoder() {
    }

    /** As {@link VersionEdit#encode()}. */
    static byte[] encode(VersionEdit e) {
        EditWriter w = new EditWriter();
        // Family fields first, so a reader knows the family before its files; none in a default-family edit.
        if (e.family != 0) {
            w.varint(VersionEdit.TAG_FAMILY).varint(e.family);
        }
        if (e.createFamily != null) {
            w.varint(VersionEdit.TAG_CREATE_FAMILY).bytes(e.createFamily.getBytes(StandardCharsets.UTF_8));
        }
        if (e.familyOptions != null) {
            w.varint(VersionEdit.TAG_FAMILY_OPTIONS).bytes(e.familyOptions.getBytes(StandardCharsets.UTF_8));
        }
        if (e.dropFamily) {
            w.varint(VersionEdit.TAG_DROP_FAMILY);
        }
        if (e.lastFamilyId != null) {
            w.varint(VersionEdit.TAG_LAST_FAMILY_ID).varint(e.lastFamilyId);
        }
        if (e.logNumber != null) {
            w.varint(VersionEdit.TAG_LOG_NUMBER).varint(e.logNumber);
        }
        if (e.nextFileNumber != null) {
            w.varint(VersionEdit.TAG_NEXT_FILE_NUMBER).varint(e.nextFileNumber);
        }
        if (e.lastSequence != null) {
            w.varint(VersionEdit.TAG_LAST_SEQUENCE).varint(e.lastSequence);
        }
        if (e.strategy != null) {
            w.varint(VersionEdit.TAG_STRATEGY).bytes(e.strategy.getBytes(StandardCharsets.UTF_8));
        }
        for (VersionEdit.DeletedFile d : e.deleted) {
            w.varint(VersionEdit.TAG_DELETED_FILE).varint(d.level()).varint(d.number());
        }
        for (VersionEdit.AddedFile a : e.added) {
            FileMetadata f = a.file();
            w.varint(VersionEdit.TAG_ADDED_FILE).varint(a.level()).varint(f.number()).varint(f.fileSize())
                .bytes(f.smallest()).bytes(f.largest())
                .varint(f.smallestSeq()).varint(f.largestSeq())
                .varint(f.minWriteTime()).varint(f.maxWriteTime())
                .varint(f.entries()).varint(f.pointTombstones()).varint(f.rangeTombstones())
                .varint(f.creationTime());
            if (f.blobRefs().known()) {
                BlobRefs r = f.blobRefs();
                w.varint(VersionEdit.TAG_TABLE_BLOB_REFS).varint(f.number()).varint(r.size());
                for (int i = 0; i < r.size(); i++) {
                    w.varint(r.file(i)).varint(r.count(i)).varint(r.bytes(i));
                }
            }
        }
        for (VersionEdit.BlobFileAdded b : e.blobsAdded) {
            w.varint(VersionEdit.TAG_BLOB_FILE_ADDED).varint(b.number()).varint(b.count()).varint(b.bytes());
        }
        for (VersionEdit.BlobGarbage g : e.blobGarbage) {
            w.varint(VersionEdit.TAG_BLOB_GARBAGE).varint(g.number()).varint(g.count()).varint(g.bytes());
        }
        if (e.commitTimes != null) {
            // Deltas from the previous pair (the first from zero): both only grow.
            w.varint(VersionEdit.TAG_COMMIT_TIMES).varint(e.commitTimes.length / 2);
            for (int i = 0; i < e.commitTimes.length; i += 2) {
                w.varint(e.commitTimes[i] - (i == 0 ? 0 : e.commitTimes[i - 2]))
                    .varint(e.commitTimes[i + 1] - (i == 0 ? 0 : e.commitTimes[i - 1]));
            }
        }
        return w.toByteArray();
    }
}

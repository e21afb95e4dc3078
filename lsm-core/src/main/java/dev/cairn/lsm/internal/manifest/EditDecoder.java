// Decodes one manifest record's payload into a VersionEdit: the tag loop of docs/format.md's
// "Manifest", refusing unknown tags and out-of-range fields with a CorruptionException that names
// the file and the record. Stateless.
package dev.cairn.lsm.internal.manifest;

/** The decoding half of {@link VersionEdit}; see the file comment. */
final class EditDecoder {
    private EditDecoder() {
    }

    /** As {@link VersionEdit#decode(byte[], String, String)}. */
    static VersionEdit decode(byte[] data, String fileName, String where) {
        EditReader r = new EditReader(data, fileName, where);
        VersionEdit edit = new VersionEdit();
        while (r.hasMore()) {
            int tagAt = r.position();
            long tag = r.varint();
            if (tag == VersionEdit.TAG_LOG_NUMBER) {
                edit.logNumber = r.nonNegative("log number");
            } else if (tag == VersionEdit.TAG_NEXT_FILE_NUMBER) {
                edit.nextFileNumber = r.nonNegative("next file number");
            } else if (tag == VersionEdit.TAG_LAST_SEQUENCE) {
                edit.lastSequence = r.nonNegative("last sequence");
            } else if (tag == VersionEdit.TAG_STRATEGY) {
                edit.strategy = r.utf8("strategy name");
            } else if (tag == VersionEdit.TAG_DELETED_FILE) {
                edit.deleted.add(new VersionEdit.DeletedFile(r.level(VersionEdit.MAX_LEVELS), r.nonNegative("file number")));
            } else if (tag == VersionEdit.TAG_ADDED_FILE) {
                int level = r.level(VersionEdit.MAX_LEVELS);
                FileMetadata f = new FileMetadata(r.nonNegative("file number"), r.varint(),
                    r.bytes("smallest key"), r.bytes("largest key"),
                    r.varint(), r.varint(), r.varint(), r.varint(),
                    r.varint(), r.varint(), r.varint(), r.varint());
                edit.added.add(new VersionEdit.AddedFile(level, f));
            } else if (tag == VersionEdit.TAG_COMMIT_TIMES) {
                edit.commitTimes = readCommitTimes(r);
            } else if (tag == VersionEdit.TAG_FAMILY) {
                edit.family = familyId(r, "family id");
            } else if (tag == VersionEdit.TAG_CREATE_FAMILY) {
                edit.createFamily = r.utf8("family name");
            } else if (tag == VersionEdit.TAG_FAMILY_OPTIONS) {
                edit.familyOptions = r.utf8("family options");
            } else if (tag == VersionEdit.TAG_DROP_FAMILY) {
                edit.dropFamily = true;
            } else if (tag == VersionEdit.TAG_LAST_FAMILY_ID) {
                edit.lastFamilyId = familyId(r, "last family id");
            } else if (tag == VersionEdit.TAG_BLOB_FILE_ADDED) {
                edit.blobsAdded.add(new VersionEdit.BlobFileAdded(r.nonNegative("blob file number"), r.nonNegative("blob record count"),
                    r.nonNegative("blob bytes")));
            } else if (tag == VersionEdit.TAG_BLOB_GARBAGE) {
                edit.blobGarbage.add(new VersionEdit.BlobGarbage(r.nonNegative("blob file number"), r.nonNegative("garbage count"),
                    r.nonNegative("garbage bytes")));
            } else if (tag == VersionEdit.TAG_TABLE_BLOB_REFS) {
                readTableBlobRefs(r, edit, tagAt);
            } else {
                throw r.corrupt("unknown tag " + Long.toUnsignedString(tag), tagAt);
            }
        }
        return edit;
    }

    /** Tag 15: the blob references of a table this edit added (the last one of that number). */
    private static void readTableBlobRefs(EditReader r, VersionEdit edit, int tagAt) {
        long table = r.nonNegative("table file number");
        int at = r.position();
        long n = r.nonNegative("blob reference count");
        if (n > r.remaining() / 3) {
            throw r.corrupt("blob reference count " + n + " runs past the end", at);
        }
        java.util.Map<Long, long[]> counts = new java.util.TreeMap<>();
        for (long i = 0; i < n; i++) {
            long file = r.nonNegative("blob file number");
            long count = r.nonNegative("blob record count");
            long bytes = r.nonNegative("blob bytes");
            if (count == 0 || counts.put(file, new long[] {count, bytes}) != null) {
                throw r.corrupt("blob references of table " + table + " name blob file " + file
                    + (count == 0 ? " with no record" : " twice"), at);
            }
        }
        for (int i = edit.added.size() - 1; i >= 0; i--) {
            VersionEdit.AddedFile a = edit.added.get(i);
            if (a.file().number() == table) {
                edit.added.set(i, new VersionEdit.AddedFile(a.level(), a.file().withBlobRefs(BlobRefs.of(counts))));
                return;
            }
        }
        throw r.corrupt("blob references name table " + table + ", which the edit does not add", tagAt);
    }

    private static int familyId(EditReader r, String what) {
        int at = r.position();
        long v = r.varint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw r.corrupt(what + " out of range", at);
        }
        return (int) v;
    }

    private static long[] readCommitTimes(EditReader r) {
        int at = r.position();
        long n = r.nonNegative("commit-time count");
        if (n > r.remaining() / 2) {
            throw r.corrupt("commit-time count " + n + " runs past the end", at);
        }
        long[] pairs = new long[(int) n * 2];
        long time = 0;
        long seq = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            time += r.nonNegative("commit-time delta");
            seq += r.nonNegative("commit sequence delta");
            if (time < 0 || seq < 0) {
                throw r.corrupt("commit-time pair out of range", r.position());
            }
            pairs[i] = time;
            pairs[i + 1] = seq;
        }
        return pairs;
    }
}

// What the current version knows of one live blob file: its records and bytes, and how much of it
// is garbage. Immutable.
package dev.cairn.lsm.internal.vlog;

import dev.cairn.lsm.internal.manifest.VersionEdit;

/**
 * A live blob file as the manifest describes it.
 *
 * @param number the file number
 * @param count records in the file
 * @param bytes bytes of those records
 * @param garbageCount records no pointer reaches any more
 * @param garbageBytes bytes of those records
 */
public record BlobFileState(long number, long count, long bytes, long garbageCount, long garbageBytes) {
    /** @return the state of a file just added */
    public static BlobFileState of(VersionEdit.BlobFileAdded added) {
        return new BlobFileState(added.number(), added.count(), added.bytes(), 0, 0);
    }

    /** @return this state with {@code g} added to its garbage */
    public BlobFileState plus(VersionEdit.BlobGarbage g) {
        return new BlobFileState(number, count, bytes, garbageCount + g.count(), garbageBytes + g.bytes());
    }

    /** @return whether no pointer reaches any record of the file (it may be deleted) */
    public boolean allGarbage() {
        return garbageCount >= count;
    }

    /** @return the share of the file's record bytes that is garbage, in [0, 1] */
    public double garbageRatio() {
        return bytes == 0 ? 1.0 : Math.min(1.0, (double) garbageBytes / bytes);
    }
}

// What the manifest records about one table file. Immutable by convention: the key arrays are
// never modified after construction (callers must not mutate them). Safe to share across threads.
package dev.cairn.lsm.internal.manifest;

import java.util.Arrays;

/**
 * A table file as the manifest knows it.
 *
 * @param number file number ({@code 000008.sst} is 8)
 * @param fileSize size in bytes
 * @param smallest smallest internal key in the table
 * @param largest largest internal key in the table (range tombstone ends included)
 * @param smallestSeq smallest sequence number
 * @param largestSeq largest sequence number
 * @param minWriteTime smallest write time (epoch milliseconds)
 * @param maxWriteTime largest write time (epoch milliseconds)
 * @param entries number of point entries (puts and deletes)
 * @param pointTombstones number of point deletes
 * @param rangeTombstones number of range tombstones
 * @param creationTime when the table was written (epoch milliseconds)
 * @param blobRefs the blob files its pointers name ({@link BlobRefs#UNKNOWN} when not counted)
 */
public record FileMetadata(long number, long fileSize, byte[] smallest, byte[] largest,
                           long smallestSeq, long largestSeq, long minWriteTime, long maxWriteTime,
                           long entries, long pointTombstones, long rangeTombstones, long creationTime,
                           BlobRefs blobRefs) {

    /** Checks that the keys and the references are present. */
    public FileMetadata {
        if (smallest == null || largest == null) {
            throw new IllegalArgumentException("smallest and largest keys are required");
        }
        if (blobRefs == null) {
            throw new IllegalArgumentException("blob references are required (BlobRefs.UNKNOWN when not counted)");
        }
    }

    /** A table whose pointers into the value log were not counted ({@link BlobRefs#UNKNOWN}). */
    public FileMetadata(long number, long fileSize, byte[] smallest, byte[] largest,
                        long smallestSeq, long largestSeq, long minWriteTime, long maxWriteTime,
                        long entries, long pointTombstones, long rangeTombstones, long creationTime) {
        this(number, fileSize, smallest, largest, smallestSeq, largestSeq, minWriteTime, maxWriteTime,
            entries, pointTombstones, rangeTombstones, creationTime, BlobRefs.UNKNOWN);
    }

    /** @return this table with {@code refs} as its blob references */
    public FileMetadata withBlobRefs(BlobRefs refs) {
        return new FileMetadata(number, fileSize, smallest, largest, smallestSeq, largestSeq, minWriteTime,
            maxWriteTime, entries, pointTombstones, rangeTombstones, creationTime, refs);
    }

    /** Compares key contents, not array identity. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FileMetadata)) {
            return false;
        }
        FileMetadata f = (FileMetadata) o;
        return number == f.number && fileSize == f.fileSize
            && Arrays.equals(smallest, f.smallest) && Arrays.equals(largest, f.largest)
            && smallestSeq == f.smallestSeq && largestSeq == f.largestSeq
            && minWriteTime == f.minWriteTime && maxWriteTime == f.maxWriteTime
            && entries == f.entries && pointTombstones == f.pointTombstones
            && rangeTombstones == f.rangeTombstones && creationTime == f.creationTime
            && blobRefs.equals(f.blobRefs);
    }

    /** Hashes key contents. */
    @Override
    public int hashCode() {
        return Long.hashCode(number) * 31 + Arrays.hashCode(smallest) * 17 + Arrays.hashCode(largest);
    }

    /** Names the file and its sizes, with the keys in hex. */
    @Override
    public String toString() {
        return "FileMetadata[#" + number + ", " + fileSize + " bytes, " + hex(smallest) + ".." + hex(largest)
            + ", seq " + smallestSeq + ".." + largestSeq + ", time " + minWriteTime + ".." + maxWriteTime
            + ", entries " + entries + ", point tombstones " + pointTombstones
            + ", range tombstones " + rangeTombstones + ", created " + creationTime
            + (blobRefs.known() ? ", blob references " + blobRefs : "") + "]";
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return s.toString();
    }
}

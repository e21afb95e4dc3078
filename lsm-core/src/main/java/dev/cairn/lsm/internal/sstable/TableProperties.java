// Summary of a table written into its properties block. Immutable value; thread-safe.
package dev.cairn.lsm.internal.sstable;

/**
 * What a table holds, recorded by {@link TableBuilder} and read back by {@link TableReader}.
 *
 * @param entryCount point entries (puts and point tombstones)
 * @param pointTombstones point entries of kind delete
 * @param rangeTombstones range tombstones in the range-tombstone block
 * @param smallestKey smallest internal key of the point entries, or null when there are none
 * @param largestKey largest internal key of the point entries, or null when there are none
 * @param minSequence smallest sequence of point entries and range tombstones (0 for an empty table)
 * @param maxSequence largest sequence of point entries and range tombstones (0 for an empty table)
 * @param minWriteTime smallest write time of point entries (0 when there are none)
 * @param maxWriteTime largest write time of point entries (0 when there are none)
 * @param creationTime when the table was written, epoch milliseconds
 * @param rawKeyBytes sum of internal key lengths of point entries
 * @param rawValueBytes sum of stored value lengths of point entries
 * @param fileSize size of the table file in bytes
 */
public record TableProperties(long entryCount, long pointTombstones, long rangeTombstones, byte[] smallestKey,
        byte[] largestKey, long minSequence, long maxSequence, long minWriteTime, long maxWriteTime,
        long creationTime, long rawKeyBytes, long rawValueBytes, long fileSize) {
}

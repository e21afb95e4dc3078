// One table file laid open, as plain data: its properties, footer handles, filter, data blocks
// (with per-block checks when verified) and range tombstones, and what is wrong with it.
// Immutable; thread-safe.
package dev.cairn.lsm.internal.inspect;

import java.util.List;

/**
 * A table file inspected.
 *
 * @param file the file's name
 * @param fileSize its size in bytes
 * @param properties its properties block, or null when that block is damaged
 * @param index the index block's place
 * @param filterBlock the filter block's place, or null when the table has no filter
 * @param propertiesBlock the properties block's place
 * @param rangeTombstoneBlock the range-tombstone block's place
 * @param filter the filter's shape, or null when there is none (or it is damaged)
 * @param blocks the data blocks in file order
 * @param rangeTombstones the range tombstones, or empty when that block is damaged
 * @param verified whether every block was read and checked (else only footer, index and the
 *     small blocks were)
 * @param problems what is wrong, empty for an intact table
 */
public record TableReport(String file, long fileSize, Properties properties, BlockRef index, BlockRef filterBlock,
                          BlockRef propertiesBlock, BlockRef rangeTombstoneBlock, Filter filter, List<DataBlock> blocks,
                          List<RangeTombstoneView> rangeTombstones, boolean verified, List<Problem> problems) {
    /** Copies the lists. */
    public TableReport {
        blocks = List.copyOf(blocks);
        rangeTombstones = List.copyOf(rangeTombstones);
        problems = List.copyOf(problems);
    }

    /** @return whether any problem is damage */
    public boolean corrupt() {
        return problems.stream().anyMatch(Problem::corruption);
    }

    /**
     * Where a block is stored.
     *
     * @param offset its first byte
     * @param size its stored size, trailer excluded
     */
    public record BlockRef(long offset, long size) { }

    /**
     * The properties block.
     *
     * @param entries point entries (puts and deletes)
     * @param pointTombstones point deletes
     * @param rangeTombstones range tombstones
     * @param smallest smallest point key, or null when there are none
     * @param largest largest point key, or null when there are none
     * @param minSequence smallest sequence number
     * @param maxSequence largest sequence number
     * @param minWriteTime earliest write time, epoch milliseconds
     * @param maxWriteTime latest write time, epoch milliseconds
     * @param creationTime when the table was written, epoch milliseconds
     * @param rawKeyBytes bytes of the internal keys before prefix compression
     * @param rawValueBytes bytes of the stored values
     */
    public record Properties(long entries, long pointTombstones, long rangeTombstones, KeyView smallest,
                             KeyView largest, long minSequence, long maxSequence, long minWriteTime,
                             long maxWriteTime, long creationTime, long rawKeyBytes, long rawValueBytes) { }

    /**
     * The bloom filter.
     *
     * @param kind "blocked" or "flat"
     * @param probes bits probed per key
     * @param bits bits in the filter
     */
    public record Filter(String kind, int probes, long bits) { }

    /**
     * A data block.
     *
     * @param offset its first byte
     * @param size its stored size, trailer excluded
     * @param separator the index key naming it
     * @param compression "none", "lz4", or "?" when unread
     * @param entries entries decoded (-1 when not verified)
     * @param firstKey its first key (null when not verified)
     * @param lastKey its last key (null when not verified)
     * @param problem what is wrong with it, or null
     */
    public record DataBlock(long offset, long size, KeyView separator, String compression, int entries,
                            KeyView firstKey, KeyView lastKey, String problem) { }

    /**
     * A range tombstone: user keys in {@code [start, end)} older than {@code sequence} are deleted.
     *
     * @param start first key deleted
     * @param end first key kept
     * @param sequence its sequence number
     */
    public record RangeTombstoneView(byte[] start, byte[] end, long sequence) { }
}

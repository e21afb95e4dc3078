// Where a block lives in a table file: offset and stored size (trailer excluded). Immutable.
package dev.cairn.lsm.internal.sstable;

/**
 * A pointer to a block: {@code size} stored bytes at {@code offset}, followed by the
 * {@value BlockTrailer#SIZE}-byte trailer.
 *
 * @param offset file offset of the block's first byte
 * @param size stored (possibly compressed) size, trailer excluded
 */
public record BlockHandle(long offset, long size) {
    /** A handle for an absent block (the filter of a table written without one). */
    public static final BlockHandle NONE = new BlockHandle(0, 0);

    /** @return the offset just past this block's trailer */
    public long end() {
        return offset + size + BlockTrailer.SIZE;
    }
}

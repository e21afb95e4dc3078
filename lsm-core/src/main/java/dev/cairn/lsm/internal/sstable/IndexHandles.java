// The data-block handles of a table's index, decoded once when the table opens: entry i's offset
// and size side by side in one long array, so a point lookup that RestartPrefixes has placed on
// an index entry reads its handle from memory without touching (or re-parsing) the index block.
// Built only for an index whose every entry is a restart point (the layout every writer
// produces); otherwise, or when a handle does not decode, there is none and lookups parse the
// block as before (which reports the damage). Immutable after construction; thread-safe.
package dev.cairn.lsm.internal.sstable;

/** Entry number to data-block handle, for one index block. */
final class IndexHandles {
    /** Entry i's offset at 2i, its size at 2i + 1. */
    private final long[] handles;

    private IndexHandles(long[] handles) {
        this.handles = handles;
    }

    /**
     * Decodes every handle of {@code index}.
     *
     * @return the handles, or null when the block has an entry that is not a restart point or a
     *     value that is not a well-formed handle (lookups then take the block's own path)
     */
    static IndexHandles of(Block index) {
        int n = index.restartCount();
        long[] handles = new long[2 * n];
        BlockIterator it = index.newIterator();
        PointProbe decoder = PointProbe.detached();
        int i = 0;
        for (it.seekToFirst(); it.isValid(); it.next()) {
            if (i == n || index.restartOffset(i) != it.entryOffset() || !decoder.decodeHandle(it)) {
                return null;
            }
            handles[2 * i] = decoder.handleOffset;
            handles[2 * i + 1] = decoder.handleSize;
            i++;
        }
        return i == n ? new IndexHandles(handles) : null;
    }

    /** @return the offset of the data block entry {@code i} names */
    long offset(int i) {
        return handles[2 * i];
    }

    /** @return the stored size of the data block entry {@code i} names */
    long size(int i) {
        return handles[2 * i + 1];
    }
}

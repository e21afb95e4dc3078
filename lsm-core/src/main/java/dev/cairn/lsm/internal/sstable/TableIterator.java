// A two-level iterator over a table: an index-block iterator chooses the data block, a reused
// block iterator walks it. A cache-only iterator takes data blocks only from the block cache and
// throws IncompleteReadException for one that is not there. Not thread-safe (one owner); the
// TableReader it reads is shared.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.internal.iterator.SliceIterator;

/** Iterates every point entry of one table in internal order, both directions, in place. */
final class TableIterator extends SliceIterator {
    private final TableReader table;
    private final BlockIterator index;
    private final boolean fillCache;
    /** Data blocks come only from the cache; a missing one is an {@link dev.cairn.lsm.IncompleteReadException}. */
    private final boolean cacheOnly;
    private BlockIterator data;
    private boolean dataValid;
    private long dataBlockOffset = -1;
    /** Read-ahead for blocks read from the file in order (a scan, a compaction). */
    private final Readahead readahead = new Readahead();

    TableIterator(TableReader table, BlockIterator index, boolean fillCache, boolean cacheOnly) {
        this.table = table;
        this.index = index;
        this.fillCache = fillCache;
        this.cacheOnly = cacheOnly;
    }

    @Override
    public boolean isValid() {
        return dataValid && data.isValid();
    }

    @Override
    public void seekToFirst() {
        index.seekToFirst();
        if (loadBlock()) {
            data.seekToFirst();
        }
        skipEmptyForward();
        publish();
    }

    @Override
    public void seekToLast() {
        index.seekToLast();
        if (loadBlock()) {
            data.seekToLast();
        }
        skipEmptyBackward();
        publish();
    }

    @Override
    public void seek(byte[] target) {
        table.seekIndex(index, target);
        if (loadBlock()) {
            data.seek(target);
        }
        skipEmptyForward();
        publish();
    }

    @Override
    public void seekForPrev(byte[] target) {
        seek(target);
        if (!isValid()) {
            seekToLast();
        } else if (data.compareCurrent(target) > 0) {
            prev();
        }
    }

    /** Makes the data block iterator's current entry this iterator's. */
    private void publish() {
        if (dataValid && data.isValid()) {
            copySlices(data);
        }
    }

    @Override
    public void next() {
        requireValid();
        if (data.advance()) {
            copySlices(data);
        } else {
            nextBlock();
        }
    }

    /** The rare part of {@link #next()}: the data block is done, move to the next one that has entries. */
    private void nextBlock() {
        skipEmptyForward();
        publish();
    }

    @Override
    public void prev() {
        requireValid();
        data.prev();
        skipEmptyBackward();
        publish();
    }

    @Override
    public byte[] key() {
        requireValid();
        return data.key();
    }

    @Override
    public byte[] value() {
        requireValid();
        return data.value();
    }

    @Override
    public void close() {
        dataValid = false;
    }

    private void requireValid() {
        if (!isValid()) {
            throw new IllegalStateException("table iterator is not positioned on an entry");
        }
    }

    /** Points the data iterator at the block under the index iterator; false when none. */
    private boolean loadBlock() {
        if (!index.isValid()) {
            dataValid = false;
            return false;
        }
        BlockHandle h = table.blockHandle(index);
        if (h.offset() != dataBlockOffset || data == null) {
            Block block = cacheOnly ? table.cachedDataBlock(h) : table.dataBlock(h, fillCache, readahead);
            if (data == null) {
                data = block.newIterator();
            } else {
                data.reset(block);
            }
            dataBlockOffset = h.offset();
        }
        dataValid = true;
        return true;
    }

    private void skipEmptyForward() {
        while (dataValid && !data.isValid()) {
            index.next();
            if (loadBlock()) {
                data.seekToFirst();
            }
        }
    }

    private void skipEmptyBackward() {
        while (dataValid && !data.isValid()) {
            index.prev();
            if (loadBlock()) {
                data.seekToLast();
            }
        }
    }
}

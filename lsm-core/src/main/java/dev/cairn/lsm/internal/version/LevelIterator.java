// Iterates one sorted level as one sequence, one table open at a time. Not thread-safe.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.internal.iterator.SliceIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.IncompleteReadException;
import java.util.List;

/**
 * Iterates one sorted level as a single sequence: the tables do not overlap and are ordered by
 * key, so only one table iterator is open at a time, opened when the walk reaches it. The caller
 * holds a reference on the version that names the tables. Entries are exposed in place
 * ({@link SliceIterator}) by the open table's iterator. Not thread-safe.
 */
public final class LevelIterator extends SliceIterator {
    private final List<FileMetadata> files;
    private final TableRegistry tables;
    private final boolean fillCache;
    private final boolean cacheOnly;
    private int index = -1;
    private SliceIterator current;

    /**
     * @param files the tables of a sorted level, in key order
     * @param tables where to open them
     * @param fillCache whether blocks read may enter the cache
     */
    public LevelIterator(List<FileMetadata> files, TableRegistry tables, boolean fillCache) {
        this(files, tables, fillCache, false);
    }

    /**
     * @param files the tables of a sorted level, in key order
     * @param tables where to open them
     * @param fillCache whether blocks read may enter the cache
     * @param cacheOnly whether to read only open tables and cached blocks: a move that needs more
     *     throws {@link IncompleteReadException}
     */
    public LevelIterator(List<FileMetadata> files, TableRegistry tables, boolean fillCache, boolean cacheOnly) {
        this.files = files;
        this.tables = tables;
        this.fillCache = fillCache;
        this.cacheOnly = cacheOnly;
    }

    private void open(int i) {
        if (i == index && current != null) {
            return;
        }
        if (current != null) {
            current.close();
            current = null;
        }
        index = i;
        if (i >= 0 && i < files.size()) {
            FileMetadata f = files.get(i);
            current = cacheOnly ? tables.cachedReadIterator(f) : tables.readIterator(f, fillCache);
        }
    }

    @Override
    public boolean isValid() {
        return current != null && current.isValid();
    }

    @Override
    public void seekToFirst() {
        open(0);
        if (current != null) {
            current.seekToFirst();
        }
        skipForward();
    }

    @Override
    public void seekToLast() {
        open(files.size() - 1);
        if (current != null) {
            current.seekToLast();
        }
        skipBackward();
    }

    @Override
    public void seek(byte[] target) {
        // first table whose largest key >= target
        int lo = 0;
        int hi = files.size() - 1;
        int found = files.size();
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (InternalKey.compare(files.get(mid).largest(), target) >= 0) {
                found = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        open(found);
        if (current != null) {
            current.seek(target);
        }
        skipForward();
    }

    @Override
    public void seekForPrev(byte[] target) {
        // last table whose smallest key <= target
        int lo = 0;
        int hi = files.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (InternalKey.compare(files.get(mid).smallest(), target) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        open(found);
        if (current != null) {
            current.seekForPrev(target);
        }
        skipBackward();
    }

    @Override
    public void next() {
        current.next();
        skipForward();
    }

    @Override
    public void prev() {
        current.prev();
        skipBackward();
    }

    private void skipForward() {
        while (current != null && !current.isValid() && index + 1 < files.size()) {
            open(index + 1);
            current.seekToFirst();
        }
        publish();
    }

    private void skipBackward() {
        while (current != null && !current.isValid() && index > 0) {
            open(index - 1);
            current.seekToLast();
        }
        publish();
    }

    /** Makes the open table's current entry this iterator's. */
    private void publish() {
        if (current != null && current.isValid()) {
            copySlices(current);
        }
    }

    @Override
    public byte[] key() {
        return current.key();
    }

    @Override
    public byte[] value() {
        return current.value();
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}

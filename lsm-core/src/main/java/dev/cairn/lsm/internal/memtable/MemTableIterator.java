package dev.cairn.lsm.internal.memtable;

import dev.cairn.lsm.internal.iterator.InternalIterator;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An {@link InternalIterator} over a memtable's skiplist. Moving in one direction walks a
 * weakly consistent map iterator (amortised O(1) per step); changing direction re-positions
 * with a logarithmic lookup. Not thread-safe; concurrent inserts may or may not be seen, which is
 * fine because readers filter by sequence number.
 */
final class MemTableIterator implements InternalIterator {
    private final ConcurrentSkipListMap<byte[], byte[]> map;
    private Iterator<Map.Entry<byte[], byte[]>> walk;
    private boolean forward;
    private Map.Entry<byte[], byte[]> current;

    MemTableIterator(ConcurrentSkipListMap<byte[], byte[]> map) {
        this.map = map;
    }

    @Override
    public boolean isValid() {
        return current != null;
    }

    @Override
    public void seekToFirst() {
        startForward(map);
    }

    @Override
    public void seekToLast() {
        startBackward(map);
    }

    @Override
    public void seek(byte[] target) {
        startForward(map.tailMap(target, true));
    }

    @Override
    public void seekForPrev(byte[] target) {
        startBackward(map.headMap(target, true));
    }

    @Override
    public void next() {
        if (!forward) {
            startForward(map.tailMap(current.getKey(), false));
            return;
        }
        current = walk.hasNext() ? walk.next() : null;
    }

    @Override
    public void prev() {
        if (forward) {
            startBackward(map.headMap(current.getKey(), false));
            return;
        }
        current = walk.hasNext() ? walk.next() : null;
    }

    private void startForward(NavigableMap<byte[], byte[]> view) {
        forward = true;
        walk = view.entrySet().iterator();
        current = walk.hasNext() ? walk.next() : null;
    }

    private void startBackward(NavigableMap<byte[], byte[]> view) {
        forward = false;
        walk = view.descendingMap().entrySet().iterator();
        current = walk.hasNext() ? walk.next() : null;
    }

    @Override
    public byte[] key() {
        return current.getKey();
    }

    @Override
    public byte[] value() {
        return current.getValue();
    }

    @Override
    public void close() {
        current = null;
        walk = null;
    }
}

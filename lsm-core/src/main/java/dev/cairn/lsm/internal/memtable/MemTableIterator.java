package dev.cairn.lsm.internal.memtable;

import dev.cairn.lsm.internal.iterator.InternalIterator;

/**
 * An {@link InternalIterator} over a memtable's {@link SkipList}. Forward steps follow the bottom
 * links; a backward step searches for the last node before the current key (logarithmic), as
 * LevelDB's memtable iterator does. Concurrent inserts may or may not be seen, which is fine
 * because readers filter by sequence number. Not thread-safe.
 */
final class MemTableIterator implements InternalIterator {
    private final SkipList list;
    private long node = SkipList.NIL;
    private byte[] key;

    MemTableIterator(SkipList list) {
        this.list = list;
    }

    private void at(long n) {
        node = n;
        key = null;
    }

    @Override
    public boolean isValid() {
        return node != SkipList.NIL;
    }

    @Override
    public void seekToFirst() {
        at(list.first());
    }

    @Override
    public void seekToLast() {
        at(list.last());
    }

    @Override
    public void seek(byte[] target) {
        at(list.seek(target));
    }

    @Override
    public void seekForPrev(byte[] target) {
        long n = list.seek(target);
        if (n != SkipList.NIL && java.util.Arrays.equals(list.key(n), target)) {
            at(n);
        } else {
            at(list.seekBefore(target));
        }
    }

    @Override
    public void next() {
        at(list.next(node, 0));
    }

    @Override
    public void prev() {
        at(list.seekBefore(key()));
    }

    @Override
    public byte[] key() {
        if (key == null) {
            key = list.key(node);
        }
        return key;
    }

    @Override
    public byte[] value() {
        return list.value(node);
    }

    @Override
    public void close() {
        node = SkipList.NIL;
    }
}

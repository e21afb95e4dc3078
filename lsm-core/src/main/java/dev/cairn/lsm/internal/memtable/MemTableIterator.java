package dev.cairn.lsm.internal.memtable;

import dev.cairn.lsm.internal.iterator.SliceIterator;
import java.util.Arrays;

/**
 * A {@link SliceIterator} over a memtable's {@link SkipList}: the current entry is exposed in
 * place in the arena. Forward steps follow the bottom links; a backward step searches for the
 * last node before the current one (logarithmic, comparing in place), as LevelDB's memtable
 * iterator does. Concurrent inserts may or may not be seen, which is fine because readers filter
 * by sequence number. Not thread-safe.
 */
final class MemTableIterator extends SliceIterator {
    private final SkipList list;
    private long node = SkipList.NIL;
    private byte[] key;
    private byte[] value;

    MemTableIterator(SkipList list) {
        this.list = list;
    }

    private void at(long n) {
        node = n;
        key = null;
        value = null;
        if (n != SkipList.NIL) {
            byte[] chunk = list.chunk(n);
            keyArray = chunk;
            valueArray = chunk;
            keyOffset = list.keyOffset(n);
            keyLength = list.keyLength(n);
            valueOffset = keyOffset + keyLength;
            valueLength = list.valueLength(n);
        } else {
            keyArray = null;
            valueArray = null;
        }
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
        if (n != SkipList.NIL && Arrays.equals(list.key(n), target)) {
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
        at(list.before(node));
    }

    @Override
    public byte[] key() {
        if (key == null) {
            key = Arrays.copyOfRange(keyArray, keyOffset, keyOffset + keyLength);
        }
        return key;
    }

    @Override
    public byte[] value() {
        if (value == null) {
            value = Arrays.copyOfRange(valueArray, valueOffset, valueOffset + valueLength);
        }
        return value;
    }

    @Override
    public void close() {
        at(SkipList.NIL);
    }
}

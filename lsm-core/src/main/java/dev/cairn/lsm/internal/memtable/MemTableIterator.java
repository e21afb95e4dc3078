// An iterator over a memtable's skiplist, entries exposed in place in the arena, backward steps
// without back links. Not thread-safe.
package dev.cairn.lsm.internal.memtable;

import dev.cairn.lsm.internal.iterator.SliceIterator;
import java.util.Arrays;

/**
 * A {@link SliceIterator} over a memtable's {@link SkipList}: the current entry is exposed in
 * place in the arena. Forward steps follow the bottom links. The list has no back links, so a
 * backward step that has nothing remembered descends only part way (to a node about 16 back),
 * walks forward from there to the current node, remembering the nodes passed, and then steps
 * back through them: a reverse walk costs a constant number of node visits per entry instead
 * of a full search per entry. Concurrent inserts may or may not be seen, which is fine because
 * readers filter by sequence number. Not thread-safe.
 */
final class MemTableIterator extends SliceIterator {
    private final SkipList list;
    /** Level at which a backward step stops descending (nodes of that level are ~4^2 apart). */
    private static final int BACK_LEVEL = 2;
    private long node = SkipList.NIL;
    private byte[] key;
    /** Nodes in list order ending at the current one (back[backIndex] == node), for prev. */
    private long[] back = new long[0];
    private int backIndex = -1;
    private byte[] value;

    MemTableIterator(SkipList list) {
        this.list = list;
    }

    private void at(long n) {
        node = n;
        if (key != null) {
            key = null;
        }
        if (value != null) {
            value = null;
        }
        if (n != SkipList.NIL) {
            byte[] chunk = list.chunk(n);
            if (keyArray != chunk) {
                // Nodes share a few arena chunks: store (and pay the GC barrier) only on a change.
                keyArray = chunk;
                valueArray = chunk;
            }
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
        if (backIndex > 0 && back[backIndex] == node) {
            backIndex--;
            at(back[backIndex]);
            return;
        }
        long anchor = list.anchorBefore(node, BACK_LEVEL);
        int n = 0;
        long x = anchor;
        if (list.isHead(anchor)) {
            x = list.first();
        }
        // Walk from the anchor to the current node (it is linked, so the walk reaches it).
        while (true) {
            if (n == back.length) {
                back = Arrays.copyOf(back, Math.max(32, n * 2));
            }
            back[n++] = x;
            if (x == node) {
                break;
            }
            x = list.next(x, 0);
        }
        backIndex = n - 1;
        if (backIndex == 0) {
            backIndex = -1;
            at(SkipList.NIL);
            return;
        }
        backIndex--;
        at(back[backIndex]);
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

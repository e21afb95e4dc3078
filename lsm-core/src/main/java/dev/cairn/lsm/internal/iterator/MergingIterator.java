package dev.cairn.lsm.internal.iterator;

import dev.cairn.lsm.internal.key.InternalKey;
import java.util.List;

/**
 * Merges several {@link InternalIterator}s into one in internal-key order, in both directions.
 * A binary heap holds the children that are valid (min-heap going forward, max-heap going
 * backward); changing direction re-positions every other child around the current key, as
 * LevelDB's merging iterator does. Internal keys are unique across children (every write has its
 * own sequence number), so no tie-breaking is needed. Not thread-safe; closing closes the
 * children.
 */
public final class MergingIterator implements InternalIterator {
    private final InternalIterator[] children;
    private final int[] heap;
    private int heapSize;
    private boolean forward = true;

    /** @param children the iterators to merge; ownership passes to this iterator */
    public MergingIterator(List<InternalIterator> children) {
        this.children = children.toArray(new InternalIterator[0]);
        this.heap = new int[this.children.length];
    }

    @Override
    public boolean isValid() {
        return heapSize > 0;
    }

    @Override
    public void seekToFirst() {
        for (InternalIterator c : children) {
            c.seekToFirst();
        }
        rebuild(true);
    }

    @Override
    public void seekToLast() {
        for (InternalIterator c : children) {
            c.seekToLast();
        }
        rebuild(false);
    }

    @Override
    public void seek(byte[] target) {
        for (InternalIterator c : children) {
            c.seek(target);
        }
        rebuild(true);
    }

    @Override
    public void seekForPrev(byte[] target) {
        for (InternalIterator c : children) {
            c.seekForPrev(target);
        }
        rebuild(false);
    }

    @Override
    public void next() {
        int top = heap[0];
        if (!forward) {
            byte[] key = children[top].key();
            for (int i = 0; i < children.length; i++) {
                if (i != top) {
                    InternalIterator c = children[i];
                    c.seek(key);
                    if (c.isValid() && InternalKey.compare(c.key(), key) == 0) {
                        c.next();
                    }
                }
            }
            children[top].next();
            rebuild(true);
            return;
        }
        children[top].next();
        fixTop();
    }

    @Override
    public void prev() {
        int top = heap[0];
        if (forward) {
            byte[] key = children[top].key();
            for (int i = 0; i < children.length; i++) {
                if (i != top) {
                    InternalIterator c = children[i];
                    c.seekForPrev(key);
                    if (c.isValid() && InternalKey.compare(c.key(), key) == 0) {
                        c.prev();
                    }
                }
            }
            children[top].prev();
            rebuild(false);
            return;
        }
        children[top].prev();
        fixTop();
    }

    @Override
    public byte[] key() {
        return children[heap[0]].key();
    }

    @Override
    public byte[] value() {
        return children[heap[0]].value();
    }

    @Override
    public void close() {
        for (InternalIterator c : children) {
            c.close();
        }
        heapSize = 0;
    }

    private void rebuild(boolean fwd) {
        forward = fwd;
        heapSize = 0;
        for (int i = 0; i < children.length; i++) {
            if (children[i].isValid()) {
                heap[heapSize++] = i;
            }
        }
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    private void fixTop() {
        if (!children[heap[0]].isValid()) {
            heap[0] = heap[--heapSize];
        }
        if (heapSize > 0) {
            siftDown(0);
        }
    }

    /** @return true when child a should be above child b in the heap */
    private boolean before(int a, int b) {
        int c = InternalKey.compare(children[a].key(), children[b].key());
        return forward ? c < 0 : c > 0;
    }

    private void siftDown(int i) {
        int item = heap[i];
        while (true) {
            int l = 2 * i + 1;
            if (l >= heapSize) {
                break;
            }
            int r = l + 1;
            int best = (r < heapSize && before(heap[r], heap[l])) ? r : l;
            if (!before(heap[best], item)) {
                break;
            }
            heap[i] = heap[best];
            i = best;
        }
        heap[i] = item;
    }
}

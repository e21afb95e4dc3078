// Merges internal iterators into one, both ways, with a heap compared in place. Not thread-safe;
// closes its children.
package dev.cairn.lsm.internal.iterator;

import java.util.List;

/**
 * Merges several {@link InternalIterator}s into one in internal-key order, in both directions.
 * A binary heap holds the children that are valid (min-heap going forward, max-heap going
 * backward); changing direction re-positions every other child around the current key, as
 * LevelDB's merging iterator does. Internal keys are unique across children (every write has its
 * own sequence number), so no tie-breaking is needed.
 *
 * <p>Keys are compared in place: each child is read as a {@link SliceIterator}, whose current
 * slices are plain fields, so heap maintenance makes no copies and no calls into the children;
 * after every move the top child's slices become this iterator's. Not thread-safe; closing
 * closes the children.
 */
public final class MergingIterator extends SliceIterator {
    private final SliceIterator[] children;
    private final int[] heap;
    private int heapSize;
    private boolean forward = true;
    /** 1 going forward, -1 going backward: heap order is {@code sign * compare}, without a branch. */
    private int sign = 1;
    /**
     * Which root child (heap position 1 or 2) is above the other, or 0 when not known. While the
     * top child keeps winning, its two children do not change, so a step compares once, not twice.
     */
    private int rootChildWinner;

    /** @param children the iterators to merge; ownership passes to this iterator */
    public MergingIterator(List<InternalIterator> children) {
        int n = children.size();
        this.children = new SliceIterator[n];
        for (int i = 0; i < n; i++) {
            this.children[i] = SliceIterator.of(children.get(i));
        }
        this.heap = new int[n];
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
            turnForward(top);
            return;
        }
        children[top].next();
        fixTop(top);
    }

    @Override
    public void prev() {
        int top = heap[0];
        if (forward) {
            turnBackward(top);
            return;
        }
        children[top].prev();
        fixTop(top);
    }

    /** next() after moving backward: puts every other child after the current key, then steps. */
    private void turnForward(int top) {
        byte[] key = children[top].key();
        for (int i = 0; i < children.length; i++) {
            if (i != top) {
                SliceIterator c = children[i];
                c.seek(key);
                if (c.isValid() && sameKey(c, key)) {
                    c.next();
                }
            }
        }
        children[top].next();
        rebuild(true);
    }

    /** prev() after moving forward: puts every other child before the current key, then steps. */
    private void turnBackward(int top) {
        byte[] key = children[top].key();
        for (int i = 0; i < children.length; i++) {
            if (i != top) {
                SliceIterator c = children[i];
                c.seekForPrev(key);
                if (c.isValid() && sameKey(c, key)) {
                    c.prev();
                }
            }
        }
        children[top].prev();
        rebuild(false);
    }

    private static boolean sameKey(SliceIterator c, byte[] key) {
        return KeySlices.compare(c.keyArray(), c.keyOffset(), c.keyLength(), key, 0, key.length) == 0;
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

    /** Makes the top child's current entry this iterator's. */
    private void publish() {
        if (heapSize > 0) {
            copySlices(children[heap[0]]);
        }
    }

    private void rebuild(boolean fwd) {
        forward = fwd;
        sign = fwd ? 1 : -1;
        heapSize = 0;
        for (int i = 0; i < children.length; i++) {
            if (children[i].isValid()) {
                heap[heapSize++] = i;
            }
        }
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
        rootChildWinner = 0;
        publish();
    }

    /** Restores the heap after the top child {@code top} moved. */
    private void fixTop(int top) {
        if (!children[top].isValid()) {
            heap[0] = heap[--heapSize];
            rootChildWinner = 0;
        }
        if (heapSize > 1) {
            siftDownRoot();
        }
        publish();
    }

    /** {@link #siftDown}(0), remembering which root child wins while neither of them moves. */
    private void siftDownRoot() {
        int item = heap[0];
        int best = rootChildWinner;
        if (best == 0) {
            best = heapSize > 2 && before(heap[2], heap[1]) ? 2 : 1;
            rootChildWinner = best;
        }
        if (!before(heap[best], item)) {
            return;
        }
        heap[0] = heap[best];
        heap[best] = item;
        rootChildWinner = 0;
        siftDown(best);
    }

    /** @return true when child a should be above child b in the heap */
    private boolean before(int a, int b) {
        SliceIterator x = children[a];
        SliceIterator y = children[b];
        return sign * KeySlices.compare(x.keyArray(), x.keyOffset(), x.keyLength(), y.keyArray(), y.keyOffset(),
                y.keyLength()) < 0;
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

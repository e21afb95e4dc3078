// Adapts a plain InternalIterator to SliceIterator by exposing its key() and value() arrays
// whole after every move. Not thread-safe; closing closes the wrapped iterator.
package dev.cairn.lsm.internal.iterator;

/** A {@link SliceIterator} over an iterator that only hands out arrays. */
final class CopyingSliceIterator extends SliceIterator {
    private final InternalIterator in;

    CopyingSliceIterator(InternalIterator in) {
        this.in = in;
    }

    private void publish() {
        if (in.isValid()) {
            keyArray = in.key();
            keyOffset = 0;
            keyLength = keyArray.length;
            valueArray = in.value();
            valueOffset = 0;
            valueLength = valueArray.length;
        }
    }

    @Override public boolean isValid() { return in.isValid(); }
    @Override public void seekToFirst() { in.seekToFirst(); publish(); }
    @Override public void seekToLast() { in.seekToLast(); publish(); }
    @Override public void seek(byte[] target) { in.seek(target); publish(); }
    @Override public void seekForPrev(byte[] target) { in.seekForPrev(target); publish(); }
    @Override public void next() { in.next(); publish(); }
    @Override public void prev() { in.prev(); publish(); }
    @Override public byte[] key() { return in.key(); }
    @Override public byte[] value() { return in.value(); }
    @Override public void close() { in.close(); }
}

// Adapts a plain InternalIterator to SliceIterator by exposing its key() and value() arrays
// whole. Not thread-safe; closing closes the wrapped iterator.
package dev.cairn.lsm.internal.iterator;

/** A {@link SliceIterator} over an iterator that only hands out arrays. */
final class CopyingSliceIterator implements SliceIterator {
    private final InternalIterator in;

    CopyingSliceIterator(InternalIterator in) {
        this.in = in;
    }

    @Override public boolean isValid() { return in.isValid(); }
    @Override public void seekToFirst() { in.seekToFirst(); }
    @Override public void seekToLast() { in.seekToLast(); }
    @Override public void seek(byte[] target) { in.seek(target); }
    @Override public void seekForPrev(byte[] target) { in.seekForPrev(target); }
    @Override public void next() { in.next(); }
    @Override public void prev() { in.prev(); }
    @Override public byte[] key() { return in.key(); }
    @Override public byte[] value() { return in.value(); }
    @Override public byte[] keyArray() { return in.key(); }
    @Override public int keyOffset() { return 0; }
    @Override public int keyLength() { return in.key().length; }
    @Override public byte[] valueArray() { return in.value(); }
    @Override public int valueOffset() { return 0; }
    @Override public int valueLength() { return in.value().length; }
    @Override public void close() { in.close(); }
}

// An internal iterator with no entries. Stateless.
package dev.cairn.lsm.internal.iterator;

/** An iterator with no entries. */
public final class EmptyIterator implements InternalIterator {
    @Override public boolean isValid() { return false; }
    @Override public void seekToFirst() { }
    @Override public void seekToLast() { }
    @Override public void seek(byte[] target) { }
    @Override public void seekForPrev(byte[] target) { }
    @Override public void next() { throw new IllegalStateException("iterator is not valid"); }
    @Override public void prev() { throw new IllegalStateException("iterator is not valid"); }
    @Override public byte[] key() { throw new IllegalStateException("iterator is not valid"); }
    @Override public byte[] value() { throw new IllegalStateException("iterator is not valid"); }
    @Override public void close() { }
}

// A table iterator for reads that shows each blob pointer as the value it points to. Not
// thread-safe, like every iterator.
package dev.cairn.lsm.internal.vlog;

import dev.cairn.lsm.IncompleteReadException;
import dev.cairn.lsm.internal.iterator.SliceIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.ValueKind;
import java.util.Arrays;

/**
 * Wraps a table's iterator for the read path (cursors, versioned reads): an entry of kind
 * {@link ValueKind#BLOB} is shown as a {@link ValueKind#PUT} whose stored value is the write time
 * and the value read from the blob file, checked ({@link BlobFiles#resolve}); every other entry
 * passes through as slices. Compactions read tables without it and move pointers untouched.
 * In a cache-only iterator a pointer throws {@link IncompleteReadException} (its value needs a
 * file read). Not thread-safe.
 */
public final class BlobResolvingIterator extends SliceIterator {
    private final SliceIterator in;
    private final BlobFiles blobs;
    private final boolean cacheOnly;

    /**
     * @param in the table's iterator (owned: closed with this one)
     * @param blobs reads the values pointers name
     * @param cacheOnly whether the read may not touch the disk
     */
    public BlobResolvingIterator(SliceIterator in, BlobFiles blobs, boolean cacheOnly) {
        this.in = in;
        this.blobs = blobs;
        this.cacheOnly = cacheOnly;
    }

    @Override
    public boolean isValid() {
        return in.isValid();
    }

    @Override
    public void seekToFirst() {
        in.seekToFirst();
        load();
    }

    @Override
    public void seekToLast() {
        in.seekToLast();
        load();
    }

    @Override
    public void seek(byte[] target) {
        in.seek(target);
        load();
    }

    @Override
    public void seekForPrev(byte[] target) {
        in.seekForPrev(target);
        load();
    }

    @Override
    public void next() {
        in.next();
        load();
    }

    @Override
    public void prev() {
        in.prev();
        load();
    }

    private void load() {
        if (!in.isValid()) {
            return;
        }
        byte[] k = in.keyArray();
        int ko = in.keyOffset();
        int kl = in.keyLength();
        if ((k[ko + kl - 1] & 0xFF) != ValueKind.BLOB) {
            copySlices(in);
            return;
        }
        if (cacheOnly) {
            throw new IncompleteReadException("a value kept in the value log is not in memory");
        }
        byte[] ikey = Arrays.copyOfRange(k, ko, ko + kl);
        ikey[kl - 1] = (byte) ValueKind.PUT;
        byte[] userKey = Arrays.copyOf(ikey, kl - InternalKey.TRAILER);
        byte[] stored = blobs.resolve(in.valueArray(), in.valueOffset(), in.valueLength(), userKey);
        keyArray = ikey;
        keyOffset = 0;
        keyLength = kl;
        valueArray = stored;
        valueOffset = 0;
        valueLength = stored.length;
    }

    @Override
    public byte[] key() {
        return Arrays.copyOfRange(keyArray, keyOffset, keyOffset + keyLength);
    }

    @Override
    public byte[] value() {
        return Arrays.copyOfRange(valueArray, valueOffset, valueOffset + valueLength);
    }

    @Override
    public void close() {
        in.close();
    }
}

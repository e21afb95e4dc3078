// A growable byte array for encoding meta blocks (properties, range tombstones). Not thread-safe.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.internal.util.VarInt;
import java.util.Arrays;

/** Appends varints and byte strings to a growing array. */
final class ByteSink {
    private byte[] buf = new byte[256];
    private int size;

    ByteSink putVarint(long v) {
        ensure(10);
        size = VarInt.writeUnsigned(buf, size, v);
        return this;
    }

    /** Appends {@code varint length, bytes}. */
    ByteSink putLengthPrefixed(byte[] b) {
        putVarint(b.length);
        return putBytes(b);
    }

    /** Appends the bytes of {@code b}. */
    ByteSink putBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return size;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}

// Growable byte output for VersionEdit.encode: varints and length-prefixed byte strings.
// Not thread-safe; one per encode.
package dev.cairn.lsm.internal.manifest;

import dev.cairn.lsm.internal.util.VarInt;
import java.util.Arrays;

/** Appends varints and varint-length-prefixed byte strings to a growing array. */
final class EditWriter {
    private byte[] buf = new byte[64];
    private int size;

    EditWriter varint(long v) {
        ensure(10);
        size = VarInt.writeUnsigned(buf, size, v);
        return this;
    }

    EditWriter bytes(byte[] b) {
        varint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
        }
    }
}

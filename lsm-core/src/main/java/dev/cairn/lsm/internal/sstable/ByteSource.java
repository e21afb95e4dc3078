// Bounds-checked decoding of meta blocks: every read is checked against the block length and a
// failure raises CorruptionException naming the file and the block's offset. Not thread-safe.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.CorruptionException;
import java.util.Arrays;

/** Reads varints and length-prefixed byte strings from {@code data[0, limit)}. */
final class ByteSource {
    private final byte[] data;
    private final int limit;
    private final String fileName;
    private final long fileOffset;
    private final String what;
    private int pos;

    ByteSource(byte[] data, int limit, String fileName, long fileOffset, String what) {
        this.data = data;
        this.limit = limit;
        this.fileName = fileName;
        this.fileOffset = fileOffset;
        this.what = what;
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw corrupt("truncated varint");
            }
            byte b = data[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw corrupt("oversized varint");
    }

    /** @return a varint that must lie in {@code [0, max]} */
    int length(long max) {
        long v = varint();
        if (v < 0 || v > max || v > limit - pos) {
            throw corrupt("length " + v + " exceeds the block");
        }
        return (int) v;
    }

    byte[] lengthPrefixed() {
        return bytes(length(Integer.MAX_VALUE));
    }

    /** @return the next {@code n} bytes */
    byte[] bytes(int n) {
        if (n < 0 || n > limit - pos) {
            throw corrupt("length " + n + " exceeds the block");
        }
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    boolean atEnd() {
        return pos >= limit;
    }

    CorruptionException corrupt(String why) {
        return new CorruptionException(fileName + ": " + why + " in " + what + " block at offset " + fileOffset
                + " (block byte " + pos + ")");
    }
}

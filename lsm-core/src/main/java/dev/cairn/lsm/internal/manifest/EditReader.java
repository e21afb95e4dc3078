// Bounds-checked reads of varints and length-prefixed byte strings for VersionEdit.decode.
// Every failure is a CorruptionException naming the file and the offset in the edit.
// Not thread-safe; one per decode.
package dev.cairn.lsm.internal.manifest;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.util.VarInt;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the fields of an encoded edit, refusing truncation and out-of-range values. */
final class EditReader {
    private final byte[] data;
    private final String fileName;
    private final String where;
    private final int[] pos = {0};

    EditReader(byte[] data, String fileName, String where) {
        this.data = data;
        this.fileName = fileName;
        this.where = where;
    }

    boolean hasMore() {
        return pos[0] < data.length;
    }

    int position() {
        return pos[0];
    }

    int remaining() {
        return data.length - pos[0];
    }

    long varint() {
        int at = pos[0];
        try {
            return VarInt.readUnsigned(data, pos, data.length);
        } catch (CorruptionException e) {
            throw corrupt("truncated or overlong varint", at);
        }
    }

    long nonNegative(String what) {
        int at = pos[0];
        long v = varint();
        if (v < 0) {
            throw corrupt(what + " out of range", at);
        }
        return v;
    }

    int level(int maxLevels) {
        int at = pos[0];
        long v = varint();
        if (v < 0 || v >= maxLevels) {
            throw corrupt("level " + Long.toUnsignedString(v) + " out of range", at);
        }
        return (int) v;
    }

    byte[] bytes(String what) {
        int at = pos[0];
        long len = varint();
        if (len < 0 || len > data.length - pos[0]) {
            throw corrupt(what + " of " + Long.toUnsignedString(len) + " bytes overruns the edit", at);
        }
        byte[] out = Arrays.copyOfRange(data, pos[0], pos[0] + (int) len);
        pos[0] += (int) len;
        return out;
    }

    String utf8(String what) {
        int at = pos[0];
        byte[] b = bytes(what);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(what + " is not UTF-8", at);
        }
    }

    CorruptionException corrupt(String reason, int at) {
        return new CorruptionException(fileName + ": " + reason + " at offset " + at + " of a version edit" + where);
    }
}

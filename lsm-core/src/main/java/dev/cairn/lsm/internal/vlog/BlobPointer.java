// Where a separated value lives: blob file number, record offset and record size, as the table
// stores it after the write time (docs/format.md, "Blob files"). Immutable.
package dev.cairn.lsm.internal.vlog;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.util.VarInt;

/**
 * A pointer to one blob record. In a table it is the stored value of an entry of kind
 * {@link dev.cairn.lsm.internal.key.ValueKind#BLOB}: the write time (varint) as for every stored
 * value, then file number, offset and size (varints).
 *
 * @param file the blob file's number
 * @param offset where the record starts in the file
 * @param size the record's length, checksum included
 */
public record BlobPointer(long file, long offset, int size) {
    /** @return the stored value of a pointer written at {@code writeTime} */
    public byte[] encode(long writeTime) {
        byte[] out = new byte[VarInt.size(writeTime) + VarInt.size(file) + VarInt.size(offset) + VarInt.size(size)];
        int p = VarInt.writeUnsigned(out, 0, writeTime);
        p = VarInt.writeUnsigned(out, p, file);
        p = VarInt.writeUnsigned(out, p, offset);
        VarInt.writeUnsigned(out, p, size);
        return out;
    }

    /**
     * Decodes the pointer in the stored value {@code b[off, off + len)} (its write time is read
     * by {@link #writeTime}).
     *
     * @throws CorruptionException when it is malformed
     */
    public static BlobPointer decode(byte[] b, int off, int len) {
        int[] pos = {off};
        int end = off + len;
        try {
            VarInt.readUnsigned(b, pos, end);
            long file = VarInt.readUnsigned(b, pos, end);
            long offset = VarInt.readUnsigned(b, pos, end);
            long size = VarInt.readUnsigned(b, pos, end);
            if (pos[0] != end || file < 0 || offset < 0 || size <= BlobFormat.CRC_SIZE || size > Integer.MAX_VALUE) {
                throw new CorruptionException("malformed blob pointer (file " + file + ", offset " + offset + ", size "
                        + size + ")");
            }
            return new BlobPointer(file, offset, (int) size);
        } catch (CorruptionException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("malformed blob pointer") ? e
                    : new CorruptionException("malformed blob pointer: " + e.getMessage(), e);
        }
    }

    /** @return the write time that opens the stored value {@code b[off, off + len)} */
    public static long writeTime(byte[] b, int off, int len) {
        return dev.cairn.lsm.internal.key.StoredValue.writeTime(b, off, len);
    }
}

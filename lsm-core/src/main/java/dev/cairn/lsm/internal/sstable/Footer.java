// The fixed-size footer at the end of every table. Immutable value; thread-safe.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.crypto.EncryptionHeader;
import dev.cairn.lsm.internal.util.Bytes;

/**
 * Footer layout ({@value #SIZE} bytes, big-endian): four block handles as {@code uint64 offset,
 * uint64 size} — index, filter, properties, range tombstones — then {@code uint32 formatVersion},
 * {@code uint32 crc32c} of the preceding 68 bytes, {@code uint64 magic}. Version 1 is a plain
 * table; version 2 an encrypted one, which begins with an {@link EncryptionHeader} and whose
 * blocks are sealed, so its blocks lie at or after the header's end.
 *
 * @param index index block
 * @param filter bloom filter block, or {@link BlockHandle#NONE}
 * @param properties properties block
 * @param rangeTombstones range-tombstone block
 * @param sealed whether the table is encrypted (format version 2)
 */
record Footer(BlockHandle index, BlockHandle filter, BlockHandle properties, BlockHandle rangeTombstones,
              boolean sealed) {
    /** Bytes of the footer. */
    static final int SIZE = 80;
    /** "CAIRNSST" in ASCII. */
    static final long MAGIC = 0x434149524E535354L;
    /** The format version of a plain table. */
    static final int FORMAT_VERSION = 1;
    /** The format version of an encrypted table. */
    static final int SEALED_FORMAT_VERSION = 2;

    byte[] encode() {
        byte[] out = new byte[SIZE];
        int p = 0;
        for (BlockHandle h : new BlockHandle[] {index, filter, properties, rangeTombstones}) {
            Bytes.putLong(out, p, h.offset());
            Bytes.putLong(out, p + 8, h.size());
            p += 16;
        }
        Bytes.putInt(out, 64, sealed ? SEALED_FORMAT_VERSION : FORMAT_VERSION);
        Bytes.putInt(out, 68, BlockTrailer.crc(out, 68));
        Bytes.putLong(out, 72, MAGIC);
        return out;
    }

    /**
     * Decodes and validates a footer read from the last {@value #SIZE} bytes of a file.
     *
     * @param footerOffset file offset of the footer (blocks must end at or before it)
     */
    static Footer decode(byte[] b, String fileName, long footerOffset) {
        if (Bytes.getLong(b, 72) != MAGIC) {
            throw new CorruptionException(fileName + ": bad table magic at offset " + (footerOffset + 72)
                    + " (not a Cairn table, or truncated)");
        }
        if (Bytes.getInt(b, 68) != BlockTrailer.crc(b, 68)) {
            throw new CorruptionException(fileName + ": footer checksum mismatch at offset " + footerOffset);
        }
        int version = Bytes.getInt(b, 64);
        if (version != FORMAT_VERSION && version != SEALED_FORMAT_VERSION) {
            throw new CorruptionException(fileName + ": unsupported table format version " + version + " at offset "
                    + (footerOffset + 64));
        }
        boolean sealed = version == SEALED_FORMAT_VERSION;
        long firstBlock = sealed ? EncryptionHeader.SIZE : 0;
        BlockHandle[] h = new BlockHandle[4];
        for (int i = 0; i < 4; i++) {
            long offset = Bytes.getLong(b, 16 * i);
            long size = Bytes.getLong(b, 16 * i + 8);
            boolean absent = i == 1 && offset == 0 && size == 0;
            if (!absent && (offset < firstBlock || size < 0 || size > Integer.MAX_VALUE - 64
                    || offset > footerOffset - size - BlockTrailer.SIZE)) {
                throw new CorruptionException(fileName + ": footer block handle " + i + " (" + offset + ", " + size
                        + ") lies outside the file, at offset " + (footerOffset + 16 * i));
            }
            h[i] = absent ? BlockHandle.NONE : new BlockHandle(offset, size);
        }
        return new Footer(h[0], h[1], h[2], h[3], sealed);
    }
}

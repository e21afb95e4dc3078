// The 5 bytes after every stored block: compression type, CRC32C over contents + type. Also the
// one place blocks are compressed (LZ4, pure-Java safe instance) and decompressed, and, in an
// encrypted table, sealed and opened (compressed first, then sealed: ciphertext does not
// compress). LZ4 blocks are always decompressed into a fresh array from index 0, so a forged match
// can copy only bytes the same block has produced. LZ4 is optional (Lz4Library): a missing library
// is an LsmException raised here when an LZ4 block is met. Stateless and thread-safe.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.Compression;
import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.crypto.FileCipher;
import dev.cairn.lsm.internal.util.Bytes;
import dev.cairn.lsm.internal.util.VarInt;
import java.util.zip.CRC32C;

/**
 * Block trailer: {@code uint8 type} (0 = none, 1 = LZ4) and {@code uint32 crc32c} (big-endian) over
 * the stored contents followed by the type byte. An LZ4 block's stored contents are
 * {@code varint uncompressedLength} followed by one raw LZ4 block. In an encrypted table the stored
 * contents are those bytes sealed by the file's {@link FileCipher} (ciphertext, then the tag), the
 * type byte bound to them.
 */
final class BlockTrailer {
    /** Bytes of the trailer. */
    static final int SIZE = 5;
    /** Type byte: stored as is. */
    static final byte TYPE_NONE = 0;
    /** Type byte: LZ4 block preceded by the varint uncompressed length. */
    static final byte TYPE_LZ4 = 1;

    /** LZ4 cannot expand data by more than this factor; larger claims are forged. */
    private static final long MAX_LZ4_RATIO = 255;

    private BlockTrailer() {
    }

    /**
     * Returns the bytes to store for {@code block[0, length)}: contents then trailer, compressed when
     * asked and when that saves at least 1/8.
     *
     * @return a fresh array holding exactly the stored contents followed by the trailer
     */
    static byte[] encode(byte[] block, int length, Compression compression) {
        return encode(block, length, compression, null, 0, 0);
    }

    /**
     * As {@link #encode(byte[], int, Compression)}, the stored contents then sealed by
     * {@code cipher} when it is not null.
     *
     * @param role the block's role ({@link FileCipher#DATA_BLOCK}...), bound by the seal
     * @param offset where the block will lie in the file, bound by the seal
     */
    static byte[] encode(byte[] block, int length, Compression compression, FileCipher cipher, int role, long offset) {
        if (compression == Compression.LZ4 && length > 0) {
            Lz4Codec lz4 = Lz4Library.codec("a table is being written with Compression.LZ4");
            int header = VarInt.size(length);
            byte[] out = new byte[header + lz4.maxCompressedLength(length) + SIZE];
            VarInt.writeUnsigned(out, 0, length);
            int compressed = lz4.compress(block, 0, length, out, header, out.length - header - SIZE);
            int stored = header + compressed;
            if (stored <= length - length / 8) {
                if (cipher != null) {
                    return sealed(out, stored, TYPE_LZ4, cipher, role, offset);
                }
                byte[] exact = out.length == stored + SIZE ? out : java.util.Arrays.copyOf(out, stored + SIZE);
                seal(exact, stored, TYPE_LZ4);
                return exact;
            }
        }
        if (cipher != null) {
            return sealed(block, length, TYPE_NONE, cipher, role, offset);
        }
        byte[] out = new byte[length + SIZE];
        System.arraycopy(block, 0, out, 0, length);
        seal(out, length, TYPE_NONE);
        return out;
    }

    /**
     * The stored form of an encrypted block: {@code plain[0, length)} sealed into a fresh array
     * (not in place: the JDK's AES-GCM runs several times slower on overlapping arrays), then
     * the trailer.
     */
    private static byte[] sealed(byte[] plain, int length, byte type, FileCipher cipher, int role, long offset) {
        byte[] out = new byte[length + FileCipher.TAG_SIZE + SIZE];
        int stored = cipher.seal(role, type, offset, plain, 0, length, out, 0);
        seal(out, stored, type);
        return out;
    }

    private static void seal(byte[] out, int stored, byte type) {
        out[stored] = type;
        Bytes.putInt(out, stored + 1, crc(out, stored + 1));
    }

    static int crc(byte[] b, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, length);
        return (int) crc.getValue();
    }

    /**
     * Verifies and decodes a stored block read into {@code raw[0, storedSize + SIZE)}.
     *
     * @return the contents: {@code raw} itself (length storedSize) or a fresh decompressed array
     * @throws CorruptionException naming the file and offset on a checksum mismatch or bad payload
     * @throws dev.cairn.lsm.LsmException naming the artifact to add when the block is LZ4 and the
     *     LZ4 library is missing
     */
    static Contents decode(byte[] raw, int storedSize, String fileName, long offset) {
        return decode(raw, storedSize, fileName, offset, null, 0);
    }

    /**
     * As {@link #decode(byte[], int, String, long)}; when {@code cipher} is not null the stored
     * contents are opened, after the checksum, into a fresh array (not in place: the JDK's
     * AES-GCM opens several times slower on overlapping arrays) before they are decompressed.
     *
     * @param role the block's role ({@link FileCipher#DATA_BLOCK}...)
     * @throws CorruptionException also when a sealed block fails authentication
     */
    static Contents decode(byte[] raw, int storedSize, String fileName, long offset, FileCipher cipher, int role) {
        int expected = Bytes.getInt(raw, storedSize + 1);
        int actual = crc(raw, storedSize + 1);
        if (expected != actual) {
            throw new CorruptionException(fileName + ": block checksum mismatch at offset " + offset
                    + " (stored " + Integer.toHexString(expected) + ", computed " + Integer.toHexString(actual) + ")");
        }
        byte type = raw[storedSize];
        if (cipher != null) {
            if (type != TYPE_NONE && type != TYPE_LZ4) {
                throw new CorruptionException(fileName + ": unknown block compression type " + type + " at offset " + offset);
            }
            byte[] plain = new byte[Math.max(0, storedSize - FileCipher.TAG_SIZE)];
            storedSize = cipher.open(role, type, offset, raw, 0, storedSize, plain, 0);
            raw = plain;
        }
        if (type == TYPE_NONE) {
            return new Contents(raw, storedSize);
        }
        if (type != TYPE_LZ4) {
            throw new CorruptionException(fileName + ": unknown block compression type " + type + " at offset " + offset);
        }
        Lz4Codec lz4 = Lz4Library.codec(fileName + " holds an LZ4-compressed block at offset " + offset);
        int[] pos = {0};
        long length;
        try {
            length = VarInt.readUnsigned(raw, pos, storedSize);
        } catch (CorruptionException e) {
            throw new CorruptionException(fileName + ": bad uncompressed length in block at offset " + offset, e);
        }
        int compressedLength = storedSize - pos[0];
        // a varint of 10 bytes reads as a negative long: refuse it like any other forged length
        if (length < 0 || length > compressedLength * MAX_LZ4_RATIO + 64 || length > Integer.MAX_VALUE - 16) {
            throw new CorruptionException(fileName + ": implausible uncompressed length " + length
                    + " in block at offset " + offset);
        }
        byte[] out = new byte[(int) length];
        int n;
        try {
            n = lz4.decompress(raw, pos[0], compressedLength, out, 0, out.length);
        } catch (Lz4Codec.MalformedInputException e) {
            throw new CorruptionException(fileName + ": undecodable LZ4 block at offset " + offset, e);
        }
        if (n != length) {
            throw new CorruptionException(fileName + ": LZ4 block at offset " + offset + " decoded to " + n
                    + " bytes, expected " + length);
        }
        return new Contents(out, n);
    }

    /** Decoded block contents: {@code data[0, length)}. */
    record Contents(byte[] data, int length) {
    }
}

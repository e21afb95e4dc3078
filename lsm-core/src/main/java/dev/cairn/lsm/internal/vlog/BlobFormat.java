// The byte layout of a blob file of the value log (docs/format.md, "Blob files"): header, records,
// footer. The one owner of those offsets; stateless and thread-safe.
package dev.cairn.lsm.internal.vlog;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.util.Bytes;
import dev.cairn.lsm.internal.util.VarInt;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The layout of a blob file ({@code NNNNNN.blob}):
 *
 * <pre>
 * header  := magic "CAIRNBLB" (8) | format version (1) | flags (1, bit 0: encrypted) | 6 zero bytes
 *            [ the 64-byte encryption header, when encrypted ]
 * record  := crc32c of payload (fixed32, big-endian) | payload
 * payload := body, or body sealed with AES-GCM (16 bytes longer) when encrypted
 * body    := key length (varint) | value length (varint) | key | value
 * footer  := record count (fixed64) | magic "CAIRNBLF" (8)
 * </pre>
 *
 * A pointer names a record by file number, offset and size (the whole record, checksum
 * included). The key in each record lets a read prove the pointer led to its own value.
 */
public final class BlobFormat {
    /** "CAIRNBLB": the first eight bytes of every blob file. */
    static final long MAGIC = 0x434149524E424C42L;
    /** "CAIRNBLF": the last eight bytes of a finished blob file. */
    static final long FOOTER_MAGIC = 0x434149524E424C46L;
    /** The format version this code writes and the newest it reads. */
    static final int VERSION = 1;
    /** Bytes of the plain header. */
    static final int HEADER_SIZE = 16;
    /** Bytes of the footer. */
    static final int FOOTER_SIZE = 16;
    /** Bytes of a record's checksum. */
    static final int CRC_SIZE = 4;
    private static final int FLAG_ENCRYPTED = 1;

    private BlobFormat() {
    }

    /** @return the plain header of a new blob file */
    static byte[] header(boolean encrypted) {
        byte[] h = new byte[HEADER_SIZE];
        Bytes.putLong(h, 0, MAGIC);
        h[8] = VERSION;
        h[9] = (byte) (encrypted ? FLAG_ENCRYPTED : 0);
        return h;
    }

    /**
     * Checks a plain header.
     *
     * @return whether the file says it is encrypted
     * @throws CorruptionException naming the file when the magic, version or flags are wrong
     */
    static boolean readHeader(byte[] h, String fileName) {
        if (h.length < HEADER_SIZE || Bytes.getLong(h, 0) != MAGIC) {
            throw new CorruptionException(fileName + ": not a blob file (bad magic at offset 0)");
        }
        int version = h[8] & 0xFF;
        if (version < 1 || version > VERSION) {
            throw new CorruptionException(fileName + ": blob format version " + version
                    + " is not one this version of Cairn reads (1.." + VERSION + ") at offset 8");
        }
        int flags = h[9] & 0xFF;
        if ((flags & ~FLAG_ENCRYPTED) != 0) {
            throw new CorruptionException(fileName + ": unknown blob file flags " + flags + " at offset 9");
        }
        return (flags & FLAG_ENCRYPTED) != 0;
    }

    /** @return the footer of a blob file of {@code count} records */
    static byte[] footer(long count) {
        byte[] f = new byte[FOOTER_SIZE];
        Bytes.putLong(f, 0, count);
        Bytes.putLong(f, 8, FOOTER_MAGIC);
        return f;
    }

    /** @return the body of a record: lengths, key, value */
    static byte[] body(byte[] key, byte[] value, int valueOff, int valueLen) {
        int n = VarInt.size(key.length) + VarInt.size(valueLen);
        byte[] b = new byte[n + key.length + valueLen];
        int p = VarInt.writeUnsigned(b, 0, key.length);
        p = VarInt.writeUnsigned(b, p, valueLen);
        System.arraycopy(key, 0, b, p, key.length);
        System.arraycopy(value, valueOff, b, p + key.length, valueLen);
        return b;
    }

    /** @return the CRC32C of {@code b[off, off + len)} */
    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /**
     * Checks a record's checksum.
     *
     * @param record the whole record (checksum then payload)
     * @throws CorruptionException naming the file and offset when it does not match
     */
    static void checkCrc(byte[] record, String fileName, long offset) {
        if (record.length < CRC_SIZE) {
            throw new CorruptionException(fileName + ": blob record of " + record.length + " bytes is too short at offset "
                    + offset);
        }
        int stored = Bytes.getInt(record, 0);
        if (stored != crc(record, CRC_SIZE, record.length - CRC_SIZE)) {
            throw new CorruptionException(fileName + ": blob record checksum mismatch at offset " + offset);
        }
    }

    /**
     * Decodes a record's body and returns its value, after checking that it holds {@code key}.
     *
     * @param key the key the pointer was found under, or null to accept any key
     * @throws CorruptionException naming the file and offset when the body is malformed or holds another key
     */
    static byte[] value(byte[] body, int off, int len, byte[] key, String fileName, long offset) {
        int end = off + len;
        int[] pos = {off};
        long keyLen;
        long valueLen;
        try {
            keyLen = VarInt.readUnsigned(body, pos, end);
            valueLen = VarInt.readUnsigned(body, pos, end);
        } catch (CorruptionException e) {
            throw new CorruptionException(fileName + ": malformed blob record lengths at offset " + offset, e);
        }
        if (keyLen < 0 || valueLen < 0 || keyLen + valueLen != end - pos[0]) {
            throw new CorruptionException(fileName + ": blob record lengths " + keyLen + " + " + valueLen
                    + " do not fill its " + (end - pos[0]) + " bytes at offset " + offset);
        }
        int k = pos[0];
        int v = k + (int) keyLen;
        if (key != null && !Arrays.equals(body, k, v, key, 0, key.length)) {
            throw new CorruptionException(fileName + ": blob record at offset " + offset
                    + " holds another key than the pointer's");
        }
        return Arrays.copyOfRange(body, v, end);
    }
}

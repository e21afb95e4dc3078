// The plaintext header of an encrypted file (docs/format.md, "Encryption header"): 64 bytes that
// say how the file is sealed (algorithm, key length), what it is (kind, number), the random salt
// and nonce prefix of its units, and a key check value; a CRC32C guards them against damage, the
// key check against a wrong key. Immutable; encode and decode are symmetric and thread-safe.
package dev.cairn.lsm.internal.crypto;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.util.Bytes;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** One encryption header. */
public final class EncryptionHeader {
    /** Bytes of a header. */
    public static final int SIZE = 64;
    /** "CAIRNENC" in ASCII. */
    static final long MAGIC = 0x434149524E454E43L;
    /** The header version written and the only one read. */
    static final int VERSION = 1;
    /** Algorithm code: AES-GCM with a 96-bit nonce and a 128-bit tag. */
    static final int AES_GCM = 1;
    /** Bytes of the per-file salt. */
    static final int SALT_SIZE = 16;
    /** Bytes of the per-file nonce prefix. */
    static final int PREFIX_SIZE = 4;
    /** Bytes of the key check value. */
    static final int CHECK_SIZE = 16;

    private static final int VERSION_AT = 8;
    private static final int ALGORITHM_AT = 9;
    private static final int KEY_LENGTH_AT = 10;
    private static final int KIND_AT = 11;
    private static final int NUMBER_AT = 12;
    private static final int SALT_AT = 20;
    private static final int PREFIX_AT = 36;
    private static final int CHECK_AT = 40;
    private static final int RESERVED_AT = 56;
    private static final int CRC_AT = 60;

    private final int keyLength;
    private final FileKind kind;
    private final long fileNumber;
    private final byte[] salt;
    private final byte[] noncePrefix;
    private final byte[] keyCheck;

    EncryptionHeader(int keyLength, FileKind kind, long fileNumber, byte[] salt, byte[] noncePrefix, byte[] keyCheck) {
        this.keyLength = keyLength;
        this.kind = kind;
        this.fileNumber = fileNumber;
        this.salt = salt.clone();
        this.noncePrefix = noncePrefix.clone();
        this.keyCheck = keyCheck.clone();
    }

    int keyLength() {
        return keyLength;
    }

    FileKind kind() {
        return kind;
    }

    long fileNumber() {
        return fileNumber;
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] noncePrefix() {
        return noncePrefix.clone();
    }

    byte[] keyCheck() {
        return keyCheck.clone();
    }

    /** @return the {@value #SIZE} bytes of this header */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Bytes.putLong(b, 0, MAGIC);
        b[VERSION_AT] = VERSION;
        b[ALGORITHM_AT] = AES_GCM;
        b[KEY_LENGTH_AT] = (byte) keyLength;
        b[KIND_AT] = kind.code;
        Bytes.putLong(b, NUMBER_AT, fileNumber);
        System.arraycopy(salt, 0, b, SALT_AT, SALT_SIZE);
        System.arraycopy(noncePrefix, 0, b, PREFIX_AT, PREFIX_SIZE);
        System.arraycopy(keyCheck, 0, b, CHECK_AT, CHECK_SIZE);
        Bytes.putInt(b, CRC_AT, crc(b));
        return b;
    }

    /**
     * @return whether {@code b[off, off + len)} begins with the header magic: the file (or log
     *     record) is an encryption header, intact or not
     */
    public static boolean hasMagic(byte[] b, int off, int len) {
        return len >= 8 && Bytes.getLong(b, off) == MAGIC;
    }

    /**
     * Decodes and checks the header in {@code b[off, off + len)}.
     *
     * @param fileName the file, for messages
     * @param fileOffset where the header lies in the file, for messages
     * @throws CorruptionException naming the file and offset when the bytes are not an intact
     *     header of a version, algorithm, key length and kind this code knows
     */
    public static EncryptionHeader decode(byte[] b, int off, int len, String fileName, long fileOffset) {
        if (len != SIZE) {
            throw new CorruptionException(fileName + ": encryption header of " + len + " bytes, expected " + SIZE
                    + ", at offset " + fileOffset);
        }
        if (Bytes.getLong(b, off) != MAGIC) {
            throw new CorruptionException(fileName + ": bad encryption header magic at offset " + fileOffset);
        }
        byte[] h = Arrays.copyOfRange(b, off, off + SIZE);
        if (Bytes.getInt(h, CRC_AT) != crc(h)) {
            throw new CorruptionException(fileName + ": encryption header checksum mismatch at offset " + fileOffset);
        }
        int version = h[VERSION_AT] & 0xFF;
        if (version != VERSION) {
            throw new CorruptionException(fileName + ": unsupported encryption header version " + version + " at offset "
                    + (fileOffset + VERSION_AT));
        }
        int algorithm = h[ALGORITHM_AT] & 0xFF;
        if (algorithm != AES_GCM) {
            throw new CorruptionException(fileName + ": unknown encryption algorithm " + algorithm + " at offset "
                    + (fileOffset + ALGORITHM_AT));
        }
        int keyLength = h[KEY_LENGTH_AT] & 0xFF;
        if (keyLength != 16 && keyLength != 24 && keyLength != 32) {
            throw new CorruptionException(fileName + ": encryption key length " + keyLength + " is not 16, 24 or 32, at offset "
                    + (fileOffset + KEY_LENGTH_AT));
        }
        FileKind kind = FileKind.of(h[KIND_AT]);
        if (kind == null) {
            throw new CorruptionException(fileName + ": unknown encrypted file kind " + (h[KIND_AT] & 0xFF) + " at offset "
                    + (fileOffset + KIND_AT));
        }
        if (Bytes.getInt(h, RESERVED_AT) != 0) {
            throw new CorruptionException(fileName + ": reserved encryption header bytes are not zero at offset "
                    + (fileOffset + RESERVED_AT));
        }
        return new EncryptionHeader(keyLength, kind, Bytes.getLong(h, NUMBER_AT),
                Arrays.copyOfRange(h, SALT_AT, SALT_AT + SALT_SIZE),
                Arrays.copyOfRange(h, PREFIX_AT, PREFIX_AT + PREFIX_SIZE),
                Arrays.copyOfRange(h, CHECK_AT, CHECK_AT + CHECK_SIZE));
    }

    private static int crc(byte[] h) {
        CRC32C crc = new CRC32C();
        crc.update(h, 0, CRC_AT);
        return (int) crc.getValue();
    }
}

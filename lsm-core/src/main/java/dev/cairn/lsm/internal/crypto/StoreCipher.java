// The encryption of one open store: turns the caller's key into a pseudorandom key once at open
// (HKDF-Extract), then creates a FileCipher for each new file (a random salt and nonce prefix, a
// file key and a key check value by HKDF-Expand, and the file's plaintext header) and rebuilds one
// from an existing file's header, telling a wrong key (LsmException) from damage
// (CorruptionException). The caller's key bytes are wiped once derived. Thread-safe.
package dev.cairn.lsm.internal.crypto;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.Encryption;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.internal.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/** Creates and opens the ciphers of a store's files. */
public final class StoreCipher {
    private static final byte[] EXTRACT_SALT = ascii("cairn-encryption-v1");
    private static final byte[] FILE_KEY_LABEL = ascii("cairn file key");
    private static final byte[] KEY_CHECK_LABEL = ascii("cairn key check");

    private final byte[] prk;
    private final int keyLength;
    private final String storeName;
    private final SecureRandom random = new SecureRandom();

    private StoreCipher(byte[] key, String storeName) {
        this.keyLength = key.length;
        this.prk = Hkdf.extract(EXTRACT_SALT, key);
        this.storeName = storeName;
    }

    /**
     * Reads the key of {@code encryption} (calling its supplier once) and derives the store's
     * pseudorandom key from it.
     *
     * @param encryption the setting, or null for an unencrypted store
     * @param storeName the store directory, for messages
     * @return the store's cipher, or null when {@code encryption} is null
     * @throws IllegalArgumentException if a key supplier gives no key or one of the wrong length
     */
    public static StoreCipher of(Encryption encryption, String storeName) {
        if (encryption == null) {
            return null;
        }
        byte[] key = EncryptionAccess.key(encryption);
        try {
            return new StoreCipher(key, storeName);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** @return the store directory, for messages */
    public String storeName() {
        return storeName;
    }

    /**
     * Makes the cipher of a new file, with a fresh random salt and nonce prefix. Write
     * {@link FileCipher#header()} where the file's format puts it.
     */
    public FileCipher create(FileKind kind, long fileNumber, String fileName) {
        byte[] salt = new byte[EncryptionHeader.SALT_SIZE];
        byte[] prefix = new byte[EncryptionHeader.PREFIX_SIZE];
        random.nextBytes(salt);
        random.nextBytes(prefix);
        return create(kind, fileNumber, fileName, salt, prefix);
    }

    /** {@link #create(FileKind, long, String)} with the given salt and nonce prefix (tests make deterministic headers). */
    FileCipher create(FileKind kind, long fileNumber, String fileName, byte[] salt, byte[] prefix) {
        EncryptionHeader h = new EncryptionHeader(keyLength, kind, fileNumber, salt, prefix, keyCheck(salt));
        return cipher(fileKey(kind, fileNumber, salt), prefix, kind, fileNumber, fileName, h.encode());
    }

    /**
     * Rebuilds the cipher of an existing file from its header {@code b[off, off + len)}.
     *
     * @param kind what the file must be
     * @param fileNumber the number its name gives it
     * @param fileOffset where the header lies in the file, for messages
     * @throws CorruptionException if the header is damaged or belongs to another kind or number
     *     of file (moved or renamed)
     * @throws LsmException if the file was written with another key
     */
    public FileCipher open(FileKind kind, long fileNumber, String fileName, byte[] b, int off, int len, long fileOffset) {
        EncryptionHeader h = EncryptionHeader.decode(b, off, len, fileName, fileOffset);
        if (h.keyLength() != keyLength) {
            throw new LsmException("wrong encryption key for store " + storeName + ": " + fileName + " was written with a "
                    + h.keyLength() + "-byte key, the key given has " + keyLength + " bytes");
        }
        if (!MessageDigest.isEqual(h.keyCheck(), keyCheck(h.salt()))) {
            throw new LsmException("wrong encryption key for store " + storeName + ": " + fileName
                    + " was written with another key (its key check value does not match)");
        }
        if (h.kind() != kind) {
            throw new CorruptionException(fileName + ": encryption header is that of a " + h.kind() + " file, not a "
                    + kind + " file, at offset " + fileOffset);
        }
        if (h.fileNumber() != fileNumber) {
            throw new CorruptionException(fileName + ": encryption header is that of file number " + h.fileNumber()
                    + " (the file was renamed or copied over another), at offset " + fileOffset);
        }
        return cipher(fileKey(kind, fileNumber, h.salt()), h.noncePrefix(), kind, fileNumber, fileName, null);
    }

    /** A file cipher over {@code key}, which is wiped once the cipher holds its own copy. */
    private static FileCipher cipher(byte[] key, byte[] prefix, FileKind kind, long number, String fileName, byte[] header) {
        try {
            return new FileCipher(key, prefix, kind, number, fileName, header);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private byte[] keyCheck(byte[] salt) {
        return Hkdf.expand(prk, concat(KEY_CHECK_LABEL, salt), EncryptionHeader.CHECK_SIZE);
    }

    private byte[] fileKey(FileKind kind, long fileNumber, byte[] salt) {
        byte[] id = new byte[9];
        id[0] = kind.code;
        Bytes.putLong(id, 1, fileNumber);
        return Hkdf.expand(prk, concat(FILE_KEY_LABEL, concat(id, salt)), keyLength);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

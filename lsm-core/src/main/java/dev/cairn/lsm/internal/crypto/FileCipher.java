// Seals and opens the units of one encrypted file (table blocks, log records) with AES-GCM: the
// file's own key (derived by StoreCipher from the store key and the file's random salt), a 96-bit
// nonce made of the file's random 4-byte prefix and the unit's 8-byte position in the file, and
// associated data binding the unit to its file kind, file number, position, role and flags. No
// (key, nonce) pair repeats: every file has its own key, and within a file every unit has its
// own position (files are written once, front to back, and never continued or rewritten).
// Thread-safe: the state is immutable; each thread seals and opens with its own Cipher (a Cipher is
// not thread-safe), initialised afresh for every unit, as GCM requires a new nonce per message.
package dev.cairn.lsm.internal.crypto;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.util.Bytes;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The cipher of one file. */
public final class FileCipher {
    /** Bytes the seal adds to a unit: the GCM tag. */
    public static final int TAG_SIZE = 16;
    /** Role of a table data block. */
    public static final int DATA_BLOCK = 1;
    /** Role of a table index block. */
    public static final int INDEX_BLOCK = 2;
    /** Role of a table filter block. */
    public static final int FILTER_BLOCK = 3;
    /** Role of a table range-tombstone block. */
    public static final int RANGE_TOMBSTONE_BLOCK = 4;
    /** Role of a table properties block. */
    public static final int PROPERTIES_BLOCK = 5;
    /** Role of a logical log record (write-ahead log or manifest). */
    public static final int LOG_RECORD = 6;
    /** Role of the body of a blob-file record (the value log). */
    public static final int BLOB_RECORD = 7;

    private static final int NONCE_SIZE = 12;
    /** kind (1), file number (8), position (8), role (1), flags (1). */
    private static final int AAD_SIZE = 19;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final SecretKeySpec key;
    private final byte[] noncePrefix;
    private final FileKind kind;
    private final long fileNumber;
    private final String fileName;
    private final byte[] header;

    FileCipher(byte[] key, byte[] noncePrefix, FileKind kind, long fileNumber, String fileName, byte[] header) {
        this.key = new SecretKeySpec(key, "AES");
        this.noncePrefix = noncePrefix.clone();
        this.kind = kind;
        this.fileNumber = fileNumber;
        this.fileName = fileName;
        this.header = header;
    }

    /** @return the encoded header of a file this cipher was created for (a fresh copy) */
    public byte[] header() {
        if (header == null) {
            throw new IllegalStateException(fileName + ": a cipher opened from a header has no header to write");
        }
        return header.clone();
    }

    /**
     * Seals {@code in[inOff, inOff + len)} into {@code out} at {@code outOff}: the ciphertext then
     * the tag. The input and output may be the same array, but JDK 17's AES-GCM takes a slower
     * path for overlapping arrays (measured: opening a 4 KiB block in place took about four times
     * as long as into another array), so callers seal and open into fresh arrays.
     *
     * @param role what the unit is ({@link #DATA_BLOCK}...)
     * @param flags a byte stored beside the unit in plaintext (a block's compression type), bound here
     * @param position the unit's offset in its file, unique within the file
     * @return bytes written: {@code len + TAG_SIZE}
     */
    public int seal(int role, int flags, long position, byte[] in, int inOff, int len, byte[] out, int outOff) {
        Cipher c = init(Cipher.ENCRYPT_MODE, role, flags, position);
        try {
            return c.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(fileName + ": sealing " + roleName(role) + " at offset " + position + " failed", e);
        }
    }

    /**
     * Opens a sealed unit {@code in[inOff, inOff + len)} (ciphertext then tag) into {@code out} at
     * {@code outOff} (see {@link #seal} on overlapping arrays). Nothing is trusted before the tag
     * has been checked.
     *
     * @return bytes of plaintext: {@code len - TAG_SIZE}
     * @throws CorruptionException naming the file and position when the unit is too short for a
     *     tag or fails authentication (changed, moved from another place or file, or sealed with
     *     another key)
     */
    public int open(int role, int flags, long position, byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (len < TAG_SIZE) {
            throw new CorruptionException(fileName + ": sealed " + roleName(role) + " of " + len
                    + " bytes is shorter than its " + TAG_SIZE + "-byte tag, at offset " + position);
        }
        Cipher c = init(Cipher.DECRYPT_MODE, role, flags, position);
        try {
            return c.doFinal(in, inOff, len, out, outOff);
        } catch (AEADBadTagException e) {
            throw new CorruptionException(fileName + ": " + roleName(role) + " at offset " + position
                    + " failed authentication (changed, moved, or sealed for another file)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(fileName + ": opening " + roleName(role) + " at offset " + position + " failed", e);
        }
    }

    private Cipher init(int mode, int role, int flags, long position) {
        Scratch s = SCRATCH.get();
        System.arraycopy(noncePrefix, 0, s.nonce, 0, EncryptionHeader.PREFIX_SIZE);
        Bytes.putLong(s.nonce, EncryptionHeader.PREFIX_SIZE, position);
        s.aad[0] = kind.code;
        Bytes.putLong(s.aad, 1, fileNumber);
        Bytes.putLong(s.aad, 9, position);
        s.aad[17] = (byte) role;
        s.aad[18] = (byte) flags;
        try {
            s.cipher.init(mode, key, new GCMParameterSpec(TAG_SIZE * 8, s.nonce));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(fileName + ": cannot initialise AES-GCM", e);
        }
        s.cipher.updateAAD(s.aad);
        return s.cipher;
    }

    private static String roleName(int role) {
        switch (role) {
            case DATA_BLOCK: return "data block";
            case INDEX_BLOCK: return "index block";
            case FILTER_BLOCK: return "filter block";
            case RANGE_TOMBSTONE_BLOCK: return "range-tombstone block";
            case PROPERTIES_BLOCK: return "properties block";
            case LOG_RECORD: return "log record";
            case BLOB_RECORD: return "blob record";
            default: return "unit of role " + role;
        }
    }

    /** One thread's cipher and buffers. */
    private static final class Scratch {
        final Cipher cipher;
        final byte[] nonce = new byte[NONCE_SIZE];
        final byte[] aad = new byte[AAD_SIZE];

        Scratch() {
            try {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                // every Java SE runtime provides AES/GCM/NoPadding
                throw new IllegalStateException("the JDK offers no AES/GCM/NoPadding", e);
            }
        }
    }
}

// The decryption side of one log being read (docs/format.md, "Encrypted logs"): takes the log's
// first record, at offset 0, as its encryption header (a wrong key is an LsmException there), and
// opens every later logical record with the log's FileCipher, bound to the offset where the
// record's first fragment begins. Not thread-safe: owned by one LogReader.
package dev.cairn.lsm.internal.wal;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.internal.crypto.EncryptionHeader;
import dev.cairn.lsm.internal.crypto.FileCipher;
import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.crypto.StoreCipher;

/** Opens the records of one encrypted log. */
public final class LogRecordOpener {
    private final StoreCipher storeCipher;
    private final FileKind kind;
    private final long fileNumber;
    private final String fileName;
    /** Set by the header record. */
    private FileCipher cipher;

    private LogRecordOpener(StoreCipher storeCipher, FileKind kind, long fileNumber, String fileName) {
        this.storeCipher = storeCipher;
        this.kind = kind;
        this.fileNumber = fileNumber;
        this.fileName = fileName;
    }

    /**
     * @param storeCipher the store's cipher, or null when the store is not encrypted
     * @param kind {@link FileKind#WAL} or {@link FileKind#MANIFEST}
     * @param fileNumber the log's number, from its name
     * @param fileName the log's name, for messages
     * @return an opener for the log, or null when {@code storeCipher} is null
     */
    public static LogRecordOpener of(StoreCipher storeCipher, FileKind kind, long fileNumber, String fileName) {
        return storeCipher == null ? null : new LogRecordOpener(storeCipher, kind, fileNumber, fileName);
    }

    /**
     * Takes the intact logical record {@code src[off, off + len)} whose first fragment begins at
     * file offset {@code at}.
     *
     * @return the record's plaintext (a fresh array), or null for the header record
     * @throws CorruptionException naming the file and offset when the header is damaged or missing
     *     or the record fails authentication
     * @throws LsmException when the log was written with another key, or a manifest is not
     *     encrypted at all (the store is not)
     */
    byte[] open(byte[] src, int off, int len, long at) {
        if (at == 0) {
            if (kind == FileKind.MANIFEST && !EncryptionHeader.hasMagic(src, off, len)) {
                throw new LsmException("store " + storeCipher.storeName() + " is not encrypted, but it was opened with an"
                        + " encryption key (" + fileName + " has no encryption header)");
            }
            cipher = storeCipher.open(kind, fileNumber, fileName, src, off, len, LogFormat.HEADER_SIZE);
            return null;
        }
        if (cipher == null) {
            throw new CorruptionException(fileName + ": the log's encryption header is missing or damaged; record at offset "
                    + at + " cannot be opened");
        }
        byte[] out = new byte[Math.max(0, len - FileCipher.TAG_SIZE)];
        cipher.open(FileCipher.LOG_RECORD, 0, at, src, off, len, out, 0);
        return out;
    }
}

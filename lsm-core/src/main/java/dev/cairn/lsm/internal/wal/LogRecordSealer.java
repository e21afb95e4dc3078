// The encryption side of one log being written (docs/format.md, "Encrypted logs"): the log's
// first record is its plaintext encryption header, framed together with the first logical record
// so that a log which never took a record stays empty, as a plain one does; every logical record
// is sealed with the log's FileCipher, bound to the file offset where its first fragment begins.
// Not thread-safe: owned by one LogWriter.
package dev.cairn.lsm.internal.wal;

import dev.cairn.lsm.internal.crypto.FileCipher;
import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.crypto.StoreCipher;

/** Seals the records of one new log. */
public final class LogRecordSealer {
    /** Sealed-record buffers above this size are dropped after use rather than kept. */
    private static final int KEEP_BYTES = 1 << 20;

    private final FileCipher cipher;
    private byte[] header;
    private byte[] sealed = new byte[LogFormat.BLOCK_SIZE];

    private LogRecordSealer(FileCipher cipher) {
        this.cipher = cipher;
        this.header = cipher.header();
    }

    /**
     * @param storeCipher the store's cipher, or null when the store is not encrypted
     * @param kind {@link FileKind#WAL} or {@link FileKind#MANIFEST}
     * @param fileNumber the new log's number
     * @param fileName the new log's name, for messages
     * @return a sealer for the new log, or null when {@code storeCipher} is null
     */
    public static LogRecordSealer of(StoreCipher storeCipher, FileKind kind, long fileNumber, String fileName) {
        return storeCipher == null ? null : new LogRecordSealer(storeCipher.create(kind, fileNumber, fileName));
    }

    /** @return the header record to frame before the next record, or null once it has been written */
    byte[] pendingHeader() {
        return header;
    }

    /** The header has reached the file with the first record. */
    void headerWritten() {
        header = null;
    }

    /**
     * Seals {@code data[off, off + len)} for the record whose first fragment begins at file
     * offset {@code at}.
     *
     * @return the sealed record's length; its bytes are {@link #sealed()}{@code [0, length)}
     */
    int seal(byte[] data, int off, int len, long at) {
        int n = len + FileCipher.TAG_SIZE;
        if (sealed.length < n || sealed.length > KEEP_BYTES) {
            sealed = new byte[Math.max(n, LogFormat.BLOCK_SIZE)];
        }
        return cipher.seal(FileCipher.LOG_RECORD, 0, at, data, off, len, sealed, 0);
    }

    /** @return the buffer {@link #seal} wrote into */
    byte[] sealed() {
        return sealed;
    }
}

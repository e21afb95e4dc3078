// Reads the records of one blob file by pointer, checking checksum, key and (when encrypted) the
// seal. Thread-safe: positional reads of an immutable file.
package dev.cairn.lsm.internal.vlog;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.internal.crypto.EncryptionHeader;
import dev.cairn.lsm.internal.crypto.FileCipher;
import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.io.StoreFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.LongAdder;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/**
 * An open blob file. {@link #read} returns the value a pointer names, or throws a
 * {@link CorruptionException} naming the file and offset: the pointer runs outside the records,
 * the checksum does not match, the seal does not open, or the record holds another key. A value
 * is never returned unchecked. Thread-safe.
 */
public final class BlobReader implements Closeable {
    private final FileHandle handle;
    private final String fileName;
    private final long number;
    private final long recordsStart;
    private final long recordsEnd;
    private final FileCipher cipher;
    private final LongAdder bytesRead;

    private BlobReader(FileHandle handle, String fileName, long number, long recordsStart, long recordsEnd,
                       FileCipher cipher, LongAdder bytesRead) {
        this.handle = handle;
        this.fileName = fileName;
        this.number = number;
        this.recordsStart = recordsStart;
        this.recordsEnd = recordsEnd;
        this.cipher = cipher;
        this.bytesRead = bytesRead;
    }

    /**
     * Opens blob file {@code number} in {@code dir} and checks its header.
     *
     * @param cipher the store's cipher, or null when the store is not encrypted
     * @param bytesRead adds every byte read, or null
     * @throws CorruptionException when the header is damaged
     * @throws LsmException when the store is encrypted and the file is not
     */
    public static BlobReader open(FileSystem fs, Path dir, long number, StoreCipher cipher, LongAdder bytesRead)
            throws IOException {
        String fileName = FileNames.blob(number);
        FileHandle h = StoreFiles.openReadOnly(fs, dir.resolve(fileName));
        try {
            long size = h.size();
            byte[] header = readFully(h, 0, (int) Math.min(size, BlobFormat.HEADER_SIZE), fileName);
            boolean encrypted = BlobFormat.readHeader(header, fileName);
            long start = BlobFormat.HEADER_SIZE;
            FileCipher fc = null;
            if (encrypted && cipher == null) {
                // The flag byte has no checksum of its own: a flipped bit reads as damage.
                throw new CorruptionException(fileName + ": blob file says it is encrypted but the store was opened"
                        + " without a key (damaged, or copied from an encrypted store) at offset 9");
            }
            if (!encrypted && cipher != null) {
                throw new LsmException(fileName + " is not encrypted but the store was opened with a key");
            }
            if (encrypted) {
                byte[] eh = readFully(h, start, EncryptionHeader.SIZE, fileName);
                fc = cipher.open(FileKind.BLOB, number, fileName, eh, 0, eh.length, start);
                start += EncryptionHeader.SIZE;
            }
            long end = size - BlobFormat.FOOTER_SIZE;
            if (end < start) {
                throw new CorruptionException(fileName + ": blob file of " + size + " bytes has no footer (offset " + size + ")");
            }
            return new BlobReader(h, fileName, number, start, end, fc, bytesRead);
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** @return the file's number */
    public long number() {
        return number;
    }

    /**
     * @param p a pointer into this file
     * @param key the key the pointer was found under (the record must hold it), or null
     * @return the value
     * @throws CorruptionException as the class says
     * @throws UncheckedIOException when the read fails
     */
    public byte[] read(BlobPointer p, byte[] key) {
        if (p.offset() < recordsStart || p.offset() + p.size() > recordsEnd) {
            throw new CorruptionException(fileName + ": blob pointer (offset " + p.offset() + ", size " + p.size()
                    + ") runs outside the records [" + recordsStart + ", " + recordsEnd + ")");
        }
        byte[] record;
        try {
            record = readFully(handle, p.offset(), p.size(), fileName);
        } catch (IOException e) {
            throw new UncheckedIOException(fileName + ": read failed at offset " + p.offset(), e);
        }
        if (bytesRead != null) {
            bytesRead.add(record.length);
        }
        BlobFormat.checkCrc(record, fileName, p.offset());
        int payload = record.length - BlobFormat.CRC_SIZE;
        if (cipher == null) {
            return BlobFormat.value(record, BlobFormat.CRC_SIZE, payload, key, fileName, p.offset());
        }
        if (payload < FileCipher.TAG_SIZE) {
            throw new CorruptionException(fileName + ": sealed blob record too short at offset " + p.offset());
        }
        byte[] body = new byte[payload - FileCipher.TAG_SIZE];
        cipher.open(FileCipher.BLOB_RECORD, 0, p.offset(), record, BlobFormat.CRC_SIZE, payload, body, 0);
        return BlobFormat.value(body, 0, body.length, key, fileName, p.offset());
    }

    private static byte[] readFully(FileHandle h, long at, int n, String fileName) throws IOException {
        byte[] b = new byte[n];
        int done = 0;
        while (done < n) {
            int r = h.read(at + done, b, done, n - done);
            if (r <= 0) {
                throw new CorruptionException(fileName + ": truncated: " + n + " bytes wanted at offset " + at + ", "
                        + done + " there");
            }
            done += r;
        }
        return b;
    }

    /** Closes the file. */
    @Override
    public void close() {
        try {
            handle.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor
        }
    }
}

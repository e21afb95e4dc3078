// Writes one new blob file under a temporary name; finish() writes the footer, fsyncs and renames
// it. It becomes live only when a manifest edit names it. Single-threaded.
package dev.cairn.lsm.internal.vlog;

import dev.cairn.lsm.internal.crypto.FileCipher;
import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.io.StoreFiles;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.util.Bytes;
import java.io.IOException;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/**
 * Appends records to a new blob file ({@link BlobFormat}). The crash-safety rule is the tables':
 * the file is written under {@code NNNNNN.blob.tmp}, fsynced and renamed by {@link #finish}, and
 * the caller syncs the directory before the manifest edit that names it; until then the next open
 * deletes it. {@link #abandon} removes it. Single-threaded.
 */
final class BlobWriter {
    private final FileSystem fs;
    private final Path tmp;
    private final Path target;
    private final long number;
    private final String fileName;
    private final FileHandle handle;
    private final FileCipher cipher;
    private long offset;
    private long count;
    private long recordBytes;
    private boolean renamed;

    /** Creates the file and writes its header (and encryption header when {@code cipher} is not null). */
    BlobWriter(FileSystem fs, Path dir, long number, StoreCipher cipher) throws IOException {
        this.fs = fs;
        this.number = number;
        this.fileName = FileNames.blob(number);
        this.target = dir.resolve(fileName);
        this.tmp = dir.resolve(FileNames.temp(fileName));
        this.handle = StoreFiles.openReadWrite(fs, tmp, true, false);
        this.cipher = cipher == null ? null : cipher.create(FileKind.BLOB, number, fileName);
        write(BlobFormat.header(cipher != null));
        if (this.cipher != null) {
            write(this.cipher.header());
        }
    }

    long number() {
        return number;
    }

    /** Appends one record and returns where it lies. */
    BlobPointer add(byte[] key, byte[] value, int valueOff, int valueLen) throws IOException {
        byte[] body = BlobFormat.body(key, value, valueOff, valueLen);
        int payload = cipher == null ? body.length : body.length + FileCipher.TAG_SIZE;
        byte[] record = new byte[BlobFormat.CRC_SIZE + payload];
        long at = offset;
        if (cipher == null) {
            System.arraycopy(body, 0, record, BlobFormat.CRC_SIZE, body.length);
        } else {
            cipher.seal(FileCipher.BLOB_RECORD, 0, at, body, 0, body.length, record, BlobFormat.CRC_SIZE);
        }
        Bytes.putInt(record, 0, BlobFormat.crc(record, BlobFormat.CRC_SIZE, payload));
        write(record);
        count++;
        recordBytes += record.length;
        return new BlobPointer(number, at, record.length);
    }

    /** @return records written so far */
    long count() {
        return count;
    }

    /** Writes the footer, fsyncs, closes and renames the file; returns what the manifest records. */
    VersionEdit.BlobFileAdded finish() throws IOException {
        write(BlobFormat.footer(count));
        handle.flush();
        handle.close();
        fs.atomicMove(tmp, target);
        renamed = true;
        return new VersionEdit.BlobFileAdded(number, count, recordBytes);
    }

    /** Closes and deletes whatever was written. Never throws. */
    void abandon() {
        try {
            handle.close();
        } catch (IOException ignored) {
            // best effort
        }
        try {
            fs.delete(renamed ? target : tmp, false);
        } catch (IOException ignored) {
            // removed at the next open
        }
    }

    private void write(byte[] b) throws IOException {
        handle.write(offset, b, 0, b.length);
        offset += b.length;
    }
}

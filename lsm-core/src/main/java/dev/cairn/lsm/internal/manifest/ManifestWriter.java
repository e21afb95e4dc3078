// Appends version edits to a new MANIFEST-NNNNNN file (or, at open, an intact unencrypted one), each as one log record (the WAL's
// format; sealed when the store is encrypted) followed by an fsync, so an edit is durable when
// append returns. Pointing CURRENT at
// the manifest (which also syncs the directory entry) is the caller's job: CurrentFile.write.
// Not thread-safe: the engine serializes version changes.
package dev.cairn.lsm.internal.manifest;

import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.wal.LogRecordSealer;
import dev.cairn.lsm.internal.wal.LogWriter;
import java.io.Closeable;
import java.io.IOException;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/** Writer of one manifest file. */
public final class ManifestWriter implements Closeable {
    private final LogWriter log;
    private final String fileName;

    private ManifestWriter(LogWriter log, String fileName) {
        this.log = log;
        this.fileName = fileName;
    }

    /**
     * Creates {@code dir/MANIFEST-number}; it must not exist yet.
     *
     * @param fs the store's file system
     * @param dir the store directory
     * @param number the manifest's file number
     * @return a writer positioned at the start of the new file
     * @throws IOException if the file exists or cannot be created
     */
    public static ManifestWriter create(FileSystem fs, Path dir, long number) throws IOException {
        return create(fs, dir, number, null);
    }

    /**
     * As {@link #create(FileSystem, Path, long)}, the manifest encrypted with {@code cipher} when
     * it is not null.
     *
     * @param cipher the store's cipher, or null for an unencrypted store
     */
    public static ManifestWriter create(FileSystem fs, Path dir, long number, StoreCipher cipher) throws IOException {
        String name = FileNames.manifest(number);
        FileHandle handle = fs.openReadWrite(dir.resolve(name), true, false);
        try {
            return new ManifestWriter(new LogWriter(handle, name, false,
                    LogRecordSealer.of(cipher, FileKind.MANIFEST, number, name)), name);
        } catch (IOException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    /**
     * Opens the existing, unencrypted {@code dir/MANIFEST-number} to append after its intact
     * records (see {@link ManifestReader#readContents}): a store that opens with a small, intact
     * manifest appends its open's edit there (one fsync) instead of writing a fresh manifest and
     * CURRENT.
     *
     * @param end where the manifest's intact records end; anything after it is cut off
     * @return a writer positioned at {@code end}
     * @throws IOException if the file is missing or cannot be opened
     */
    public static ManifestWriter reopen(FileSystem fs, Path dir, long number, long end) throws IOException {
        String name = FileNames.manifest(number);
        FileHandle handle = fs.openReadWrite(dir.resolve(name), false, true);
        try {
            return new ManifestWriter(new LogWriter(handle, end, name), name);
        } catch (IOException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    /**
     * Appends one edit and fsyncs it.
     *
     * @param edit the edit
     * @throws IOException if writing or syncing fails; the manifest must then be abandoned
     */
    public void append(VersionEdit edit) throws IOException {
        byte[] bytes = edit.encode();
        log.addRecord(bytes, 0, bytes.length);
        log.sync();
    }

    /** @return the manifest's file name, e.g. {@code MANIFEST-000005} */
    public String fileName() {
        return fileName;
    }

    /** @return bytes written so far (to decide when to start a fresh manifest) */
    public long size() {
        return log.size();
    }

    /**
     * Closes the file. Every appended edit is already synced.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        log.close();
    }
}

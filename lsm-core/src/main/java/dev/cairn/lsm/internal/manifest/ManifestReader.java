// Replays a manifest file into its list of version edits. A torn last record (an append that
// was never acknowledged) is dropped; damage followed by intact records, or an edit that does
// not decode, is a CorruptionException naming the file and offset: the store must never open
// with a silently shortened history. The manifest is the first file a store reads, so here an
// encrypted store opened without its key, with another key or an unencrypted store opened with a
// key is told apart from damage (LsmException, not CorruptionException). Stateless; thread-safe.
package dev.cairn.lsm.internal.manifest;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.WalRecoveryMode;
import dev.cairn.lsm.internal.crypto.EncryptionHeader;
import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.wal.LogReader;
import dev.cairn.lsm.internal.wal.LogRecordOpener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/** Reads every version edit of a manifest. */
public final class ManifestReader {
    private ManifestReader() {
    }

    /**
     * Reads the edits of {@code path} in order.
     *
     * @param fs the store's file system
     * @param path the manifest file
     * @return the edits, oldest first
     * @throws CorruptionException if the manifest is damaged anywhere but its torn tail
     * @throws IOException if reading fails
     */
    public static List<VersionEdit> read(FileSystem fs, Path path) throws IOException {
        return read(fs, path, null);
    }

    /**
     * As {@link #read(FileSystem, Path)} for a store encrypted with {@code cipher} (null: not
     * encrypted).
     *
     * @throws LsmException if the manifest is encrypted and there is no cipher, is written with
     *     another key, or is not encrypted and there is a cipher
     */
    public static List<VersionEdit> read(FileSystem fs, Path path, StoreCipher cipher) throws IOException {
        return readContents(fs, path, cipher).edits();
    }

    /**
     * What a manifest holds and where its intact records end.
     *
     * @param edits the edits, oldest first
     * @param end the offset just past the last intact record
     * @param intact whether the file ends exactly there: no torn or damaged tail was dropped, so
     *     an edit may be appended at {@code end}
     */
    public record Contents(List<VersionEdit> edits, long end, boolean intact) {
    }

    /**
     * As {@link #read(FileSystem, Path, StoreCipher)}, also saying where the intact records end.
     *
     * @throws LsmException as {@link #read(FileSystem, Path, StoreCipher)} does
     */
    public static Contents readContents(FileSystem fs, Path path, StoreCipher cipher) throws IOException {
        String name = path.name();
        List<VersionEdit> edits = new ArrayList<>();
        FileNames.ParsedName parsed = FileNames.parse(name);
        long number = parsed == null ? 0 : parsed.number();
        try (FileHandle handle = fs.openReadOnly(path)) {
            boolean[] dropped = {false};
            LogReader reader = new LogReader(handle, name, WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS,
                (offset, bytes, reason) -> dropped[0] = true, LogRecordOpener.of(cipher, FileKind.MANIFEST, number, name));
            long recordStart = 0;
            byte[] record;
            while ((record = reader.readRecord()) != null) {
                if (cipher == null && recordStart == 0 && EncryptionHeader.hasMagic(record, 0, record.length)) {
                    throw new LsmException("store " + path.parent() + " is encrypted: open it with its key"
                            + " (StoreOptions.builder().encryption(...))");
                }
                edits.add(VersionEdit.decode(record, name, " in the record after file offset " + recordStart));
                recordStart = reader.lastValidOffset();
            }
            long end = reader.lastValidOffset();
            return new Contents(edits, end, !dropped[0] && handle.size() == end);
        }
    }
}

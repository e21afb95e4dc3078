// Creates a write-ahead log file ready for appends: created with the store's durable-file rules
// (StoreFiles.createLog), optionally with its first zeros written and synced ahead of appends.
// Used by recovery (the log a store opens with) and by the write side (the log of each new
// memtable). In an encrypted store each new log gets its own sealer (a fresh file key and nonce
// prefix). Stateless; thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.io.StoreFiles;
import dev.cairn.lsm.internal.wal.LogRecordSealer;
import dev.cairn.lsm.internal.wal.LogWriter;
import java.io.IOException;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/** Opens new write-ahead logs. */
final class LogFiles {
    private LogFiles() {
    }

    /**
     * Creates write-ahead log {@code number} in {@code dir}, with zeros written ahead of its appends.
     *
     * @param prepared whether the first zeros are also written and synced now
     *     ({@link StoreFiles#prepareLog}): at open, so a fresh store's first synced write costs no
     *     more than later ones; not at a memtable switch, which the writers wait for
     * @param cipher the store's cipher, or null when the store is not encrypted
     */
    static LogWriter create(FileSystem fs, Path dir, long number, boolean prepared, StoreCipher cipher)
            throws IOException {
        FileHandle h = StoreFiles.createLog(fs, dir.resolve(FileNames.wal(number)));
        try {
            if (prepared) {
                StoreFiles.prepareLog(h);
            }
            return new LogWriter(h, FileNames.wal(number), !StoreFiles.writesZerosAhead(h),
                    LogRecordSealer.of(cipher, FileKind.WAL, number, FileNames.wal(number)));
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }
}

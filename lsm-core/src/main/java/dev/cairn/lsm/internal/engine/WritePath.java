// The commit leader's side of the store: room for a write (stalls while background work is
// behind, the switch to a fresh memtable and write-ahead log when the active one is full) and
// the append of a group's record to the log and the memtable. Holds the active log. Called by
// the commit leader one at a time; the switch also runs under the store's mutex for flush and
// resume, and close() takes the log over under the mutex once the pipeline is idle.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.BackgroundErrorException;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.StoreClosedException;
import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.io.DirectorySyncer;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.io.StoreFiles;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.wal.LogRecordSealer;
import dev.cairn.lsm.internal.wal.LogWriter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okio.FileHandle;

/** Where a committed group goes: the active write-ahead log, then the active memtable. */
final class WritePath {
    private final StoreState s;
    private LogWriter wal;
    /** An append or sync of {@link #wal} failed: no more appends until a switch to a new log. */
    private boolean walBroken;

    WritePath(StoreState s) {
        this.s = s;
    }

    /** Recovery: the log later groups are appended to. */
    void start(LogWriter log) {
        wal = log;
    }

    /** @return whether the active log failed and must be replaced before the next append */
    boolean broken() {
        return walBroken;
    }

    /**
     * Creates write-ahead log {@code number}, with zeros written ahead of its appends.
     *
     * @param prepared whether the first zeros are also written and synced now
     *     ({@link StoreFiles#prepareLog}): at open, so a fresh store's first synced write costs no
     *     more than later ones; not at a memtable switch, which the writers wait for
     */
    LogWriter openLog(long number, boolean prepared) throws IOException {
        FileHandle h = StoreFiles.createLog(s.fs, s.dir.resolve(FileNames.wal(number)));
        try {
            if (prepared) {
                StoreFiles.prepareLog(h);
            }
            return new LogWriter(h, FileNames.wal(number), !StoreFiles.writesZerosAhead(h),
                    LogRecordSealer.of(s.cipher, FileKind.WAL, number, FileNames.wal(number)));
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** Leader only: switches memtables when full and stalls while background work is behind. */
    void makeRoomForWrite() {
        boolean delayed = false;
        long stallStart = 0;
        s.mutex.lock();
        try {
            while (true) {
                Throwable bg = s.backgroundError;
                if (bg != null) {
                    throw new BackgroundErrorException("background work failed; writes are refused until resume(): " + bg, bg);
                }
                int l0 = s.versions.current().files(0).size();
                if (!delayed && l0 >= s.picker.slowdownTables()) {
                    delayed = true;
                    if (stallStart == 0) {
                        stallStart = beginStall("level-0 slowdown: " + l0 + " tables");
                    }
                    s.mutex.unlock();
                    try {
                        TimeUnit.MILLISECONDS.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        s.mutex.lock();
                    }
                    continue;
                }
                if (s.mem.approximateBytes() < s.options.memtableSizeBytes()) {
                    break;
                }
                if (s.imms.size() >= StoreState.MAX_IMMUTABLES || l0 >= s.picker.stopTables()) {
                    if (s.closed && !s.background.canProgress()) {
                        throw new StoreClosedException("store " + s.dir + " closed while writes were stalled");
                    }
                    if (stallStart == 0) {
                        stallStart = beginStall(s.imms.size() >= StoreState.MAX_IMMUTABLES
                                ? "memtables waiting for flush: " + s.imms.size() : "level-0 stop: " + l0 + " tables");
                    }
                    s.background.scheduleFlush();
                    s.background.maybeScheduleCompaction();
                    s.changed.await(50, TimeUnit.MILLISECONDS);
                    continue;
                }
                switchMemtable();
                break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LsmException("interrupted while writes were stalled", e);
        } finally {
            if (stallStart != 0) {
                long nanos = System.nanoTime() - stallStart;
                s.stallNanos.addAndGet(nanos);
                s.notify(() -> s.listener.onStallEnd(nanos));
            }
            s.mutex.unlock();
        }
    }

    private long beginStall(String reason) {
        s.notify(() -> s.listener.onStallBegin(reason));
        return System.nanoTime();
    }

    /** mutex held, leader (or resume): freezes the memtable and starts a new log. */
    void switchMemtable() {
        // After a failed append the old log may end before sequence numbers that were given up.
        boolean gap = walBroken;
        // Sync the old log before the new one exists, so that after a power cut only the newest
        // log can have a torn tail.
        if (!walBroken) {
            try {
                wal.sync();
            } catch (IOException e) {
                walBroken = true;
                s.setBackgroundError(e);
                throw new LsmException("syncing write-ahead log failed: " + e.getMessage(), e);
            }
        }
        long number = s.versions.newFileNumber();
        LogWriter next;
        try {
            next = openLog(number, false);
        } catch (IOException e) {
            s.setBackgroundError(e);
            throw new LsmException("cannot create write-ahead log " + FileNames.wal(number) + ": " + e.getMessage(), e);
        }
        try {
            // The new log's name must survive a power cut before synced writes land in it.
            DirectorySyncer.sync(s.fs, s.dir);
        } catch (IOException e) {
            try {
                next.close();
            } catch (IOException ignored) {
                // nothing was written to it
            }
            s.setBackgroundError(e);
            throw new LsmException("cannot sync directory " + s.dir + ": " + e.getMessage(), e);
        }
        if (gap) {
            try {
                // Recovery then accepts that this log starts past the old one's last record.
                next.addRecord(BatchFormat.gapMarker(s.lastSequence + 1, s.options.clock().millis()), 0, BatchFormat.HEADER);
            } catch (IOException e) {
                try {
                    next.close();
                } catch (IOException ignored) {
                    // nothing acknowledged was written to it
                }
                s.setBackgroundError(e);
                throw new LsmException("cannot write to write-ahead log " + FileNames.wal(number) + ": " + e.getMessage(), e);
            }
        }
        LogWriter old = wal;
        IOException syncFailure = null;
        try {
            old.close();
        } catch (IOException e) {
            syncFailure = e;
        }
        s.logNumbers.add(number);
        s.imms.add(s.mem);
        s.mem = MemTable.following(s.mem, number, s.options.memtableSizeBytes());
        wal = next;
        walBroken = false;
        s.installSuperVersion();
        s.background.scheduleFlush();
        if (syncFailure != null) {
            // The frozen memtable's log may not be durable: refuse writes until a flush made it so.
            s.setBackgroundError(syncFailure);
            throw new LsmException("syncing write-ahead log failed: " + syncFailure.getMessage(), syncFailure);
        }
    }

    /** Pipeline: freezes a non-empty memtable so {@link #flush()} can write it. */
    void switchMemtableForFlush() {
        s.mutex.lock();
        try {
            if (s.backgroundError != null) {
                throw new BackgroundErrorException("background work failed: " + s.backgroundError, s.backgroundError);
            }
            if (s.mem.isEmpty()) {
                return;
            }
            while (s.imms.size() >= StoreState.MAX_IMMUTABLES && s.backgroundError == null) {
                s.background.scheduleFlush();
                s.changed.await(50, TimeUnit.MILLISECONDS);
            }
            switchMemtable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LsmException("interrupted while waiting to flush", e);
        } finally {
            s.mutex.unlock();
        }
    }

    /** Leader only: appends one group record to the log and applies it to the memtable. */
    void appendAndApply(byte[] record, int count, long time, boolean sync) {
        long first = s.lastSequence + 1;
        try {
            if (walBroken) {
                throw new IOException("write-ahead log failed earlier");
            }
            wal.addRecord(record, 0, record.length);
            if (sync) {
                wal.sync();
            }
        } catch (IOException e) {
            walBroken = true;
            // Burn the sequence numbers: the record may or may not be in the log.
            s.lastSequence = first + count - 1;
            s.versions.setLastSequence(s.lastSequence);
            s.setBackgroundError(e);
            throw new LsmException("write-ahead log append failed: " + e.getMessage(), e);
        }
        s.walBytes.addAndGet(record.length);
        s.userBytes.addAndGet(record.length);
        MemTableInserter.apply(s.mem, record, time);
        s.lastSequence = first + count - 1;
        s.versions.setLastSequence(s.lastSequence);
    }

    /**
     * mutex held, pipeline idle: syncs (unless it failed) and closes the active log.
     *
     * @return the first failure, or null
     */
    IOException closeLog() {
        if (wal == null) {
            return null;
        }
        IOException failure = null;
        try {
            if (!walBroken) {
                wal.sync();
            }
        } catch (IOException e) {
            failure = e;
        }
        try {
            wal.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        wal = null;
        return failure;
    }

    /** A failed open: closes the log without syncing (nothing was acknowledged through it). */
    void abandonLog() {
        try {
            if (wal != null) {
                wal.close();
            }
        } catch (IOException ignored) {
            // nothing was acknowledged through this log
        }
    }
}

// Appends logical records to a log file in Cairn's log format (docs/format.md, "WAL").
// Each record, with all its fragments, headers and inner block padding, reaches the OS in ONE
// FileHandle.write that starts with the record's first header: nothing is buffered in the JVM,
// so an acknowledged append survives a kill -9 (a power cut needs sync()). Padding that ends a
// block before the record is left unwritten, since the file holds zeros past the last record
// (the constructor cuts off anything else). Not thread-safe: one owner (the group-commit leader, or
// the manifest writer) calls it at a time.
//
// Preallocation (write-ahead logs only): once a log has been synced, the writer keeps a stretch of
// zeros written ahead of the tail, so later appends overwrite blocks the file system has already
// allocated, inside the file's size. An fdatasync of such an append flushes data only: no block
// allocation and no size change to commit to the file system's journal, which on ext4 made one
// synced append in ten take milliseconds. The zeros are only ever written past the last record, so
// they never overwrite acknowledged bytes; a reader takes an all-zero region as the end of the log
// in every recovery mode (docs/format.md, "WAL"), so a crash at any point leaves a readable log.
package dev.cairn.lsm.internal.wal;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;
import okio.FileHandle;

/**
 * Writes logical records to a log file through an Okio {@link FileHandle}. Records of any
 * length are fragmented across 32 KiB blocks. Not thread-safe.
 */
public final class LogWriter implements Closeable {
    /** Scratch buffers above this size are dropped after use rather than kept. */
    private static final int KEEP_SCRATCH_BYTES = 1 << 20;
    /** Most zeros written ahead of the tail at a time, once a preallocating log has been synced. */
    static final int PREALLOCATE_BYTES = 1 << 20;
    /** Written from, never into: the source of the zeros ahead of the tail. */
    private static final byte[] ZEROS = new byte[64 << 10];
    /** Largest logical record accepted (1 GiB), so the framed size always fits an array. */
    public static final int MAX_RECORD_BYTES = 1 << 30;

    private final FileHandle handle;
    private final String fileName;
    private final CRC32C crc = new CRC32C();
    private byte[] scratch = new byte[LogFormat.BLOCK_SIZE];
    private final boolean preallocate;
    private long fileOffset;
    private int blockOffset;
    /** The file holds data or written zeros up to here. */
    private long writtenTo;
    /** Set by the first sync of a preallocating log: appends keep zeros written ahead from then on. */
    private boolean synced;

    /**
     * Creates a writer that appends at {@code startOffset}. When the file is longer than that
     * (a damaged tail found by recovery), it is cut back to {@code startOffset} so that no stale
     * bytes follow the new records.
     *
     * @param handle a read-write handle; the writer owns it from now on and closes it
     * @param startOffset where to append: 0 for a new log, or {@link LogReader#lastValidOffset()}
     * @param fileName the file's name, for messages
     * @throws IOException if the file cannot be cut back
     */
    public LogWriter(FileHandle handle, long startOffset, String fileName) throws IOException {
        this(handle, startOffset, fileName, false);
    }

    /**
     * Creates a writer like {@link #LogWriter(FileHandle, long, String)} that, when
     * {@code preallocate} is set, keeps zeros written ahead of the tail once the log has been
     * synced (see the file comment), so synced appends do not grow the file.
     *
     * @param handle a read-write handle; the writer owns it from now on and closes it
     * @param startOffset where to append: 0 for a new log, or {@link LogReader#lastValidOffset()}
     * @param fileName the file's name, for messages
     * @param preallocate whether to write zeros ahead of synced appends
     * @throws IOException if the file cannot be cut back
     */
    public LogWriter(FileHandle handle, long startOffset, String fileName, boolean preallocate) throws IOException {
        if (startOffset < 0) {
            throw new IllegalArgumentException("startOffset must be >= 0, was " + startOffset);
        }
        this.handle = handle;
        this.fileName = fileName;
        this.fileOffset = startOffset;
        this.blockOffset = (int) (startOffset % LogFormat.BLOCK_SIZE);
        this.preallocate = preallocate;
        if (handle.size() > startOffset) {
            handle.resize(startOffset);
        }
        this.writtenTo = startOffset;
    }

    /**
     * Appends one logical record with a single write to the OS. The bytes are not synced.
     *
     * @param data the record's bytes
     * @param off where the record starts in {@code data}
     * @param len its length (0 is allowed)
     * @return the number of bytes appended to the file (payload, headers and padding)
     * @throws IOException if the write fails; the log must then be abandoned
     */
    public long addRecord(byte[] data, int off, int len) throws IOException {
        if (off < 0 || len < 0 || off > data.length - len) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", array " + data.length);
        }
        if (len > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("log record of " + len + " bytes exceeds " + MAX_RECORD_BYTES);
        }
        int pos = 0;
        int left = len;
        int src = off;
        int bo = blockOffset;
        boolean begin = true;
        // Padding before the first header is not written: the file holds zeros past the last
        // record already, and a write that starts with a header is what a mapped log publishes
        // last (MappedLogHandle).
        int skip = 0;
        do {
            int leftover = LogFormat.BLOCK_SIZE - bo;
            if (leftover < LogFormat.HEADER_SIZE) {
                ensureScratch(pos + leftover);
                Arrays.fill(scratch, pos, pos + leftover, (byte) 0);
                pos += leftover;
                bo = 0;
                if (begin) {
                    skip = pos;
                }
            }
            int avail = LogFormat.BLOCK_SIZE - bo - LogFormat.HEADER_SIZE;
            int fragment = Math.min(left, avail);
            boolean end = fragment == left;
            int type = begin && end ? LogFormat.FULL
                : begin ? LogFormat.FIRST
                : end ? LogFormat.LAST
                : LogFormat.MIDDLE;
            ensureScratch(pos + LogFormat.HEADER_SIZE + fragment);
            System.arraycopy(data, src, scratch, pos + LogFormat.HEADER_SIZE, fragment);
            int sum = LogFormat.checksum(crc, type, scratch, pos + LogFormat.HEADER_SIZE, fragment);
            scratch[pos] = (byte) (sum >>> 24);
            scratch[pos + 1] = (byte) (sum >>> 16);
            scratch[pos + 2] = (byte) (sum >>> 8);
            scratch[pos + 3] = (byte) sum;
            scratch[pos + 4] = (byte) (fragment >>> 8);
            scratch[pos + 5] = (byte) fragment;
            scratch[pos + 6] = (byte) type;
            pos += LogFormat.HEADER_SIZE + fragment;
            bo += LogFormat.HEADER_SIZE + fragment;
            src += fragment;
            left -= fragment;
            begin = false;
        } while (left > 0);
        long end = fileOffset + pos;
        if (synced && end > writtenTo) {
            // Zeros first, the record over them: a crash in between leaves zeros after the last
            // record, which readers take as the end of the log.
            // Ahead by as much as the log holds (64 KiB to 1 MiB): the first extension, flushed by
            // the next fsync, stays small for a log that stays small.
            long target = end + Math.max(ZEROS.length, Math.min(PREALLOCATE_BYTES, end));
            for (long at = Math.max(writtenTo, fileOffset); at < target; at += ZEROS.length) {
                handle.write(at, ZEROS, 0, ZEROS.length);
                writtenTo = at + ZEROS.length;
            }
        }
        handle.write(fileOffset + skip, scratch, skip, pos - skip);
        writtenTo = Math.max(writtenTo, end);
        fileOffset += pos;
        blockOffset = bo;
        if (scratch.length > KEEP_SCRATCH_BYTES) {
            scratch = new byte[LogFormat.BLOCK_SIZE];
        }
        return pos;
    }

    /**
     * Makes every appended record durable ({@link FileHandle#flush()} is an fsync on the system
     * file system).
     *
     * @throws IOException if the sync fails; the log must then be abandoned
     */
    public void sync() throws IOException {
        handle.flush();
        synced = preallocate;
    }

    /**
     * @return where the next record will start (before any padding): the file's length, unless
     *     zeros are written ahead of it
     */
    public long size() {
        return fileOffset;
    }

    /** @return the file's name */
    public String fileName() {
        return fileName;
    }

    /**
     * Closes the handle without syncing; call {@link #sync()} first if the tail must be durable.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        handle.close();
    }

    private void ensureScratch(int needed) {
        if (needed > scratch.length) {
            int grown = Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, scratch.length * 2L));
            scratch = Arrays.copyOf(scratch, grown);
        }
    }
}

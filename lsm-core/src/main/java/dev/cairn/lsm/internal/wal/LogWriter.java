// Appends logical records to a log file in Cairn's log format (docs/format.md, "WAL").
// Each record, with all its fragments, headers and block padding, reaches the OS in ONE
// FileHandle.write: nothing is buffered in the JVM, so an acknowledged append survives a
// kill -9 (a power cut needs sync()). Not thread-safe: one owner (the group-commit leader, or
// the manifest writer) calls it at a time.
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
    /** Largest logical record accepted (1 GiB), so the framed size always fits an array. */
    public static final int MAX_RECORD_BYTES = 1 << 30;

    private final FileHandle handle;
    private final String fileName;
    private final CRC32C crc = new CRC32C();
    private byte[] scratch = new byte[LogFormat.BLOCK_SIZE];
    private long fileOffset;
    private int blockOffset;

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
        if (startOffset < 0) {
            throw new IllegalArgumentException("startOffset must be >= 0, was " + startOffset);
        }
        this.handle = handle;
        this.fileName = fileName;
        this.fileOffset = startOffset;
        this.blockOffset = (int) (startOffset % LogFormat.BLOCK_SIZE);
        if (handle.size() > startOffset) {
            handle.resize(startOffset);
        }
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
        do {
            int leftover = LogFormat.BLOCK_SIZE - bo;
            if (leftover < LogFormat.HEADER_SIZE) {
                ensureScratch(pos + leftover);
                Arrays.fill(scratch, pos, pos + leftover, (byte) 0);
                pos += leftover;
                bo = 0;
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
        handle.write(fileOffset, scratch, 0, pos);
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
    }

    /** @return the file's length: where the next record will start (before any padding) */
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

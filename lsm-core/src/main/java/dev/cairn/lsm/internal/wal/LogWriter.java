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
//
// Encryption (a LogRecordSealer): each logical record is sealed before it is framed, and the first
// append frames the log's encryption header as a record of its own ahead of it, in the same write.
// An encrypted log is only ever written from its start, never continued: a record rewritten at an
// offset would reuse that offset's nonce.
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
    /** Seals the records of an encrypted log, else null. */
    private final LogRecordSealer sealer;
    /* The framing of the append under way: bytes of scratch used, offset in the current block,
       and how many leading bytes (padding) the write leaves out. */
    private int framed;
    private int frameBlockOffset;
    private int skip;

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
        this(handle, startOffset, fileName, preallocate, null);
    }

    /**
     * Creates a writer of a new log, like {@link #LogWriter(FileHandle, long, String, boolean)} at
     * offset 0, whose records are sealed by {@code sealer} when it is not null.
     *
     * <p>The file is not cut back: it is new, so it holds nothing or only the zeros its handle
     * wrote ahead of the appends ({@code StoreFiles.prepareLog}), which readers take as the end of
     * the log. (Cutting it back threw those synced zeros away, and the first synced append paid
     * for writing and syncing them again.)
     *
     * @param handle a read-write handle on a new file (empty, or zero-filled by its handle); the
     *     writer owns it from now on and closes it
     * @param fileName the file's name, for messages
     * @param preallocate whether to write zeros ahead of synced appends
     * @param sealer seals every record (the log is encrypted), or null
     * @throws IOException never in practice (declared for the other constructors' sake)
     */
    public LogWriter(FileHandle handle, String fileName, boolean preallocate, LogRecordSealer sealer) throws IOException {
        this(handle, 0, fileName, preallocate, sealer, false);
    }

    private LogWriter(FileHandle handle, long startOffset, String fileName, boolean preallocate, LogRecordSealer sealer)
            throws IOException {
        this(handle, startOffset, fileName, preallocate, sealer, true);
    }

    private LogWriter(FileHandle handle, long startOffset, String fileName, boolean preallocate, LogRecordSealer sealer,
                      boolean cutBack) throws IOException {
        if (startOffset < 0) {
            throw new IllegalArgumentException("startOffset must be >= 0, was " + startOffset);
        }
        this.sealer = sealer;
        this.handle = handle;
        this.fileName = fileName;
        this.fileOffset = startOffset;
        this.blockOffset = (int) (startOffset % LogFormat.BLOCK_SIZE);
        this.preallocate = preallocate;
        if (cutBack && handle.size() > startOffset) {
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
        framed = 0;
        frameBlockOffset = blockOffset;
        skip = 0;
        byte[] header = null;
        if (sealer == null) {
            frame(data, off, len);
        } else {
            header = sealer.pendingHeader();
            if (header != null) {
                frame(header, 0, header.length);
            }
            int sealedLength = sealer.seal(data, off, len, fileOffset + recordStart(framed, frameBlockOffset));
            frame(sealer.sealed(), 0, sealedLength);
        }
        int pos = framed;
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
        if (header != null) {
            sealer.headerWritten();
        }
        writtenTo = Math.max(writtenTo, end);
        fileOffset += pos;
        blockOffset = frameBlockOffset;
        if (scratch.length > KEEP_SCRATCH_BYTES) {
            scratch = new byte[LogFormat.BLOCK_SIZE];
        }
        return pos;
    }

    /**
     * @return where in scratch a record framed next, after {@code pos} bytes ending at block
     *     offset {@code bo}, has its first header: past the zero padding when fewer than a
     *     header's bytes are left in the block
     */
    private static int recordStart(int pos, int bo) {
        int leftover = LogFormat.BLOCK_SIZE - bo;
        return leftover < LogFormat.HEADER_SIZE ? pos + leftover : pos;
    }

    /**
     * Frames {@code data[off, off + len)} as one logical record into scratch after the
     * {@link #framed} bytes already there: fragments with their headers, and zero padding where a
     * block ends. Padding before the first header of the append is not written (see
     * {@link #skip}): the file holds zeros past the last record already, and a write that starts
     * with a header is what a mapped log publishes last (MappedLogHandle).
     */
    private void frame(byte[] data, int off, int len) {
        int pos = framed;
        int bo = frameBlockOffset;
        int left = len;
        int src = off;
        boolean begin = true;
        do {
            int leftover = LogFormat.BLOCK_SIZE - bo;
            if (leftover < LogFormat.HEADER_SIZE) {
                ensureScratch(pos + leftover);
                Arrays.fill(scratch, pos, pos + leftover, (byte) 0);
                if (begin && pos == 0) {
                    skip = leftover;
                }
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
        framed = pos;
        frameBlockOffset = bo;
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

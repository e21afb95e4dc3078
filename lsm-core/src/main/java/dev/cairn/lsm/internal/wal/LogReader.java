// Reads logical records back from a log file written by LogWriter (docs/format.md, "WAL"),
// applying a WalRecoveryMode to damage. Reads whole 32 KiB blocks; never trusts a stored
// length beyond the block that holds it, so a forged length cannot cause a large allocation.
// An encrypted log's records go through a LogRecordOpener; one that fails to open is damage
// like a checksum mismatch, except that it is never a torn tail (its checksum held).
// Not thread-safe; does not own (or close) its FileHandle.
package dev.cairn.lsm.internal.wal;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.WalRecoveryMode;
import dev.cairn.lsm.internal.util.Bytes;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;
import okio.FileHandle;

/**
 * Iterates the logical records of a log file. Damage is handled by the {@link WalRecoveryMode}:
 * <ul>
 *   <li>{@code TOLERATE_CORRUPTED_TAIL_RECORDS}: damage with no intact record start (FULL or
 *       FIRST) anywhere after it is a torn tail and ends the log quietly; damage followed by an
 *       intact record raises {@link CorruptionException}.</li>
 *   <li>{@code ABSOLUTE_CONSISTENCY}: any damage, a torn tail included, raises.</li>
 *   <li>{@code SKIP_ANY_CORRUPTED_RECORDS}: damage is passed to the {@link Reporter} and
 *       reading resumes at the next block.</li>
 * </ul>
 * A region whose header bytes are all zero marks the end of data (in every mode) provided no
 * intact record follows it.
 */
public final class LogReader {
    /** Receives the damage skipped under {@link WalRecoveryMode#SKIP_ANY_CORRUPTED_RECORDS}. */
    @FunctionalInterface
    public interface Reporter {
        /** A reporter that ignores everything. */
        Reporter NONE = (offset, bytes, reason) -> { };

        /**
         * Bytes were dropped.
         *
         * @param offset file offset where the dropped bytes begin
         * @param bytes how many bytes were dropped
         * @param reason what was wrong
         */
        void corruption(long offset, long bytes, String reason);
    }

    private static final int EOF = -1;
    private static final int BAD = -2;
    private static final int ZERO = -3;
    /** Where a physical record's type byte sits in its header (after the checksum and length). */
    private static final int TYPE_OFFSET = 6;
    /** Compared against, never written: a block's worth of zeros. */
    private static final byte[] ZEROS = new byte[LogFormat.BLOCK_SIZE];

    private final FileHandle handle;
    private final String fileName;
    private final WalRecoveryMode mode;
    private final Reporter reporter;
    /** Opens the records of an encrypted log, else null. */
    private final LogRecordOpener opener;
    private final CRC32C crc = new CRC32C();
    private final byte[] block = new byte[LogFormat.BLOCK_SIZE];
    private byte[] scanBlock;
    private long blockStart;
    private int blockLen;
    private int pos;
    private boolean loaded;
    private boolean done;
    private long lastValidOffset;

    /* The physical record or damage last seen by readPhysical(). */
    private long recOffset;
    private int fragOff;
    private int fragLen;
    private String damageReason;

    private byte[] assembly = new byte[LogFormat.BLOCK_SIZE];
    private int assembled;

    /**
     * Creates a reader positioned at the start of the file.
     *
     * @param handle the log file; the caller keeps ownership and closes it
     * @param fileName the file's name, used in every error message
     * @param mode how to treat damage
     * @param reporter receives skipped damage (used only by {@code SKIP_ANY_CORRUPTED_RECORDS})
     */
    public LogReader(FileHandle handle, String fileName, WalRecoveryMode mode, Reporter reporter) {
        this(handle, fileName, mode, reporter, null);
    }

    /**
     * Creates a reader of a log whose records are opened by {@code opener} when it is not null
     * (the log is encrypted): its first record is its encryption header, never returned.
     *
     * @param handle the log file; the caller keeps ownership and closes it
     * @param fileName the file's name, used in every error message
     * @param mode how to treat damage
     * @param reporter receives skipped damage (used only by {@code SKIP_ANY_CORRUPTED_RECORDS})
     * @param opener opens the records of an encrypted log, or null
     */
    public LogReader(FileHandle handle, String fileName, WalRecoveryMode mode, Reporter reporter,
                     LogRecordOpener opener) {
        this.handle = handle;
        this.fileName = fileName;
        this.mode = mode;
        this.reporter = reporter;
        this.opener = opener;
    }

    /**
     * Reads the next logical record.
     *
     * @return a fresh array holding the record, or null at the end of the log
     * @throws CorruptionException naming the file and offset, when the mode refuses the damage met
     * @throws IOException if reading fails
     */
    public byte[] readRecord() throws IOException {
        if (done) {
            return null;
        }
        boolean inFragmented = false;
        long recordStart = 0;
        while (true) {
            int type = readPhysical();
            switch (type) {
                case LogFormat.FULL:
                case LogFormat.FIRST:
                    if (inFragmented) {
                        if (!damage(recordStart, recOffset, recOffset,
                            "fragmented record missing its LAST fragment")) {
                            return null;
                        }
                    }
                    if (type == LogFormat.FULL) {
                        lastValidOffset = blockStart + pos;
                        if (opener == null) {
                            return Arrays.copyOfRange(block, fragOff, fragOff + fragLen);
                        }
                        byte[] opened = open(block, fragOff, fragLen, recOffset);
                        if (opened != null) {
                            return opened;
                        }
                        inFragmented = false;
                        break;
                    }
                    inFragmented = true;
                    recordStart = recOffset;
                    assembled = 0;
                    append();
                    break;
                case LogFormat.MIDDLE:
                case LogFormat.LAST:
                    if (!inFragmented) {
                        long end = blockStart + pos;
                        if (!damage(recOffset, end, end, "orphan " + LogFormat.typeName(type) + " fragment")) {
                            return null;
                        }
                        break;
                    }
                    append();
                    if (type == LogFormat.LAST) {
                        lastValidOffset = blockStart + pos;
                        if (opener == null) {
                            return Arrays.copyOf(assembly, assembled);
                        }
                        byte[] opened = open(assembly, 0, assembled, recordStart);
                        if (opened != null) {
                            return opened;
                        }
                        inFragmented = false;
                    }
                    break;
                case EOF:
                    if (inFragmented) {
                        long end = blockStart + blockLen;
                        damage(recordStart, end, end, "fragmented record cut off by the end of the file");
                    }
                    done = true;
                    return null;
                case ZERO:
                    if (!validStartAtOrAfter(recOffset)) {
                        if (inFragmented) {
                            damage(recordStart, recOffset, recOffset, "fragmented record cut off by a zero-filled region");
                        }
                        done = true;
                        return null;
                    }
                    if (!damage(inFragmented ? recordStart : recOffset, blockStart + blockLen, recOffset,
                        "zero-filled region")) {
                        return null;
                    }
                    pos = blockLen;
                    inFragmented = false;
                    break;
                case BAD:
                    if (!damage(inFragmented ? recordStart : recOffset, blockStart + blockLen, recOffset,
                        damageReason)) {
                        return null;
                    }
                    pos = blockLen;
                    inFragmented = false;
                    break;
                default:
                    throw new IllegalStateException("unexpected physical record code " + type);
            }
        }
    }

    /**
     * Opens an intact record of an encrypted log. A record that fails to open is reported and
     * dropped under {@code SKIP_ANY_CORRUPTED_RECORDS}; in the other modes it raises: its checksum
     * held, so it is not a torn write.
     *
     * @return the plaintext, or null when the record was the header or was dropped
     */
    private byte[] open(byte[] src, int off, int len, long at) {
        try {
            return opener.open(src, off, len, at);
        } catch (CorruptionException e) {
            if (mode != WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS) {
                throw e;
            }
            reporter.corruption(at, lastValidOffset - at, e.getMessage());
            return null;
        }
    }

    /**
     * @return the file offset just past the last intact logical record returned; a writer may
     *     continue the log there
     */
    public long lastValidOffset() {
        return lastValidOffset;
    }

    /**
     * Applies the mode to damage spanning {@code [offset, end)}.
     *
     * @param scanFrom where to look for intact records that would prove the damage is not a tail
     * @return true to keep reading (skip mode), false when the log ends here (a tolerated tail)
     */
    private boolean damage(long offset, long end, long scanFrom, String reason) throws IOException {
        switch (mode) {
            case SKIP_ANY_CORRUPTED_RECORDS:
                reporter.corruption(offset, end - offset, reason);
                return true;
            case TOLERATE_CORRUPTED_TAIL_RECORDS:
                if (validStartAtOrAfter(scanFrom)) {
                    throw new CorruptionException(fileName + ": " + reason + " at offset " + offset
                        + ", followed by intact records");
                }
                done = true;
                return false;
            case ABSOLUTE_CONSISTENCY:
            default:
                throw new CorruptionException(fileName + ": " + reason + " at offset " + offset);
        }
    }

    private void append() {
        if (assembled + fragLen > assembly.length) {
            assembly = Arrays.copyOf(assembly, Math.max(assembled + fragLen, assembly.length * 2));
        }
        System.arraycopy(block, fragOff, assembly, assembled, fragLen);
        assembled += fragLen;
    }

    /**
     * Reads the next physical record into (recOffset, fragOff, fragLen) and returns its type, or
     * EOF, ZERO (an all-zero header at recOffset), or BAD (damage at recOffset, damageReason).
     */
    private int readPhysical() throws IOException {
        if (!loaded) {
            load(0);
        }
        while (true) {
            int remaining = blockLen - pos;
            if (remaining < LogFormat.HEADER_SIZE) {
                if (blockLen == LogFormat.BLOCK_SIZE) {
                    load(blockStart + LogFormat.BLOCK_SIZE);
                    continue;
                }
                if (remaining == 0 || allZero(block, pos, blockLen)) {
                    return EOF;
                }
                recOffset = blockStart + pos;
                damageReason = "truncated record header";
                return BAD;
            }
            recOffset = blockStart + pos;
            if (allZero(block, pos, pos + LogFormat.HEADER_SIZE)) {
                return ZERO;
            }
            int len = length(block, pos);
            int type = block[pos + 6] & 0xFF;
            if (LogFormat.HEADER_SIZE + len > remaining) {
                boolean cutByEnd = blockLen < LogFormat.BLOCK_SIZE
                    && pos + LogFormat.HEADER_SIZE + len <= LogFormat.BLOCK_SIZE;
                damageReason = cutByEnd ? "record cut off by the end of the file"
                    : "record length " + len + " overruns its block";
                return BAD;
            }
            if (type < LogFormat.FULL || type > LogFormat.LAST) {
                damageReason = "unknown record type " + type;
                return BAD;
            }
            int stored = Bytes.getInt(block, pos);
            if (stored != LogFormat.checksum(crc, type, block, pos + LogFormat.HEADER_SIZE, len)) {
                damageReason = "checksum mismatch in " + LogFormat.typeName(type) + " record";
                return BAD;
            }
            fragOff = pos + LogFormat.HEADER_SIZE;
            fragLen = len;
            pos += LogFormat.HEADER_SIZE + len;
            return type;
        }
    }

    private void load(long start) throws IOException {
        blockStart = start;
        blockLen = readBlock(start, block);
        pos = 0;
        loaded = true;
    }

    private int readBlock(long start, byte[] into) throws IOException {
        int got = 0;
        while (got < into.length) {
            int n = handle.read(start + got, into, got, into.length - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        return got;
    }

    /**
     * Whether an intact FULL or FIRST record starts at or after {@code from}: in the block of
     * {@code from} every byte offset is tried (lengths there cannot be trusted); later blocks are
     * parsed from their start, falling back to every byte offset after a bad record.
     */
    private boolean validStartAtOrAfter(long from) throws IOException {
        if (scanBlock == null) {
            scanBlock = new byte[LogFormat.BLOCK_SIZE];
        }
        long start = from - from % LogFormat.BLOCK_SIZE;
        int p = (int) (from - start);
        while (true) {
            int n = readBlock(start, scanBlock);
            if (n == 0) {
                return false;
            }
            boolean aligned = p == 0;
            while (aligned && p + LogFormat.HEADER_SIZE <= n) {
                int type = intactType(scanBlock, p, n);
                if (type == LogFormat.FULL || type == LogFormat.FIRST) {
                    return true;
                }
                if (type == 0) {
                    aligned = false;
                } else {
                    p += LogFormat.HEADER_SIZE + length(scanBlock, p);
                }
            }
            for (; p + LogFormat.HEADER_SIZE <= n; p++) {
                // A record's type byte is never zero: jump over a zero run (a preallocated log's
                // tail) to the next offset whose type byte is set, comparing a whole run at once.
                int typeAt = nextNonZero(scanBlock, p + TYPE_OFFSET, n);
                if (typeAt >= n) {
                    break;
                }
                p = typeAt - TYPE_OFFSET;
                int type = intactType(scanBlock, p, n);
                if (type == LogFormat.FULL || type == LogFormat.FIRST) {
                    return true;
                }
            }
            if (n < LogFormat.BLOCK_SIZE) {
                return false;
            }
            start += LogFormat.BLOCK_SIZE;
            p = 0;
        }
    }

    /** @return the first index in [from, to) whose byte is not zero, or {@code to} when there is none */
    private static int nextNonZero(byte[] buf, int from, int to) {
        if (from >= to) {
            return to;
        }
        int at = Arrays.mismatch(buf, from, to, ZEROS, 0, to - from);
        return at < 0 ? to : from + at;
    }

    /** @return the type of the intact physical record at {@code p}, or 0 if there is none */
    private int intactType(byte[] buf, int p, int limit) {
        int type = buf[p + 6] & 0xFF;
        if (type < LogFormat.FULL || type > LogFormat.LAST) {
            return 0;
        }
        int len = length(buf, p);
        if (p + LogFormat.HEADER_SIZE + len > limit) {
            return 0;
        }
        int stored = Bytes.getInt(buf, p);
        return stored == LogFormat.checksum(crc, type, buf, p + LogFormat.HEADER_SIZE, len) ? type : 0;
    }

    private static int length(byte[] buf, int p) {
        return ((buf[p + 4] & 0xFF) << 8) | (buf[p + 5] & 0xFF);
    }

    private static boolean allZero(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

// The constants and checksum of Cairn's log format (WAL and MANIFEST), shared by LogWriter and
// LogReader. docs/format.md, section "WAL", is the contract. Stateless; safe from any thread.
package dev.cairn.lsm.internal.wal;

import java.util.zip.CRC32C;

/**
 * Layout of the log format, after LevelDB's: the file is a sequence of 32 KiB blocks; a block
 * holds physical records, each a 7-byte header (masked CRC32C, length, type) and a payload; a
 * block tail shorter than a header is zero-padded. A logical record larger than what is left in
 * a block is split into FIRST, MIDDLE... and LAST fragments.
 */
public final class LogFormat {
    /** Bytes per block. */
    public static final int BLOCK_SIZE = 32 * 1024;
    /** Bytes of a physical record header: checksum (4), length (2), type (1). */
    public static final int HEADER_SIZE = 7;
    /** A whole logical record in one fragment. */
    public static final int FULL = 1;
    /** The first fragment of a logical record. */
    public static final int FIRST = 2;
    /** An inner fragment of a logical record. */
    public static final int MIDDLE = 3;
    /** The last fragment of a logical record. */
    public static final int LAST = 4;

    private static final int MASK_DELTA = 0xa282ead8;

    private LogFormat() {
    }

    /**
     * The stored checksum of a physical record: CRC32C over the type byte then the payload,
     * masked as LevelDB does (rotate right by 15 bits, add a constant) so that a log embedded
     * in a payload does not checksum as valid records.
     *
     * @param crc a scratch checksum object (reset here)
     * @param type the record type
     * @param buf bytes holding the payload
     * @param off payload offset
     * @param len payload length
     * @return the masked checksum
     */
    public static int checksum(CRC32C crc, int type, byte[] buf, int off, int len) {
        crc.reset();
        crc.update(type);
        crc.update(buf, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /**
     * @param type a type byte
     * @return its name, for messages
     */
    public static String typeName(int type) {
        switch (type) {
            case FULL: return "FULL";
            case FIRST: return "FIRST";
            case MIDDLE: return "MIDDLE";
            case LAST: return "LAST";
            default: return "type " + type;
        }
    }
}

// The per-block compression choices for table data blocks. Immutable.
package dev.cairn.lsm;

/** Per-block compression of table data blocks. */
public enum Compression {
    /** Blocks are stored as written. */
    NONE,
    /** Blocks are compressed with LZ4 (pure-Java codec) when that saves at least 1/8 of the block. */
    LZ4
}

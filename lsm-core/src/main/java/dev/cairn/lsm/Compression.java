// The per-block compression choices for table data blocks. Immutable.
package dev.cairn.lsm;

/**
 * Per-block compression of table data blocks.
 *
 * <p>LZ4 needs the library {@code at.yawk.lz4:lz4-java} (1.14.1 or later), which lsm-core declares
 * optional so that stores without compression do not carry it: add it to your build to choose
 * {@link #LZ4} or to read a store whose tables were written with it. Without it, opening a store
 * configured with {@link #LZ4}, or reading an LZ4-compressed block, raises an
 * {@link LsmException} that names the artifact.
 */
public enum Compression {
    /** Blocks are stored as written. */
    NONE,
    /**
     * Blocks are compressed with LZ4 (pure-Java codec, no native code) when that saves at least
     * 1/8 of the block. Needs {@code at.yawk.lz4:lz4-java} on the class path.
     */
    LZ4
}

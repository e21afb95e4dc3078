// The kinds of file-system operation a FaultFileSystem counts and can fail. Immutable.
package dev.cairn.lsm.testing;

/** A kind of file-system operation, as counted and failed by {@link FaultFileSystem}. */
public enum FaultOperation {
    /** Opening a file: {@code openReadOnly}, {@code openReadWrite}, {@code source}, {@code sink}, {@code appendingSink}. */
    OPEN,
    /** One read call on a file handle or source. */
    READ,
    /** One write call on a file handle or sink, or a handle resize. */
    WRITE,
    /** A file sync ({@code FileHandle.flush()}) or a directory sync ({@code syncDirectory}). */
    SYNC,
    /** {@code atomicMove}. */
    RENAME,
    /** {@code delete}. */
    DELETE,
    /** {@code list} and {@code listOrNull}. */
    LIST,
    /** {@code metadataOrNull}, {@code canonicalize} and {@code FileHandle.size()}. */
    METADATA,
    /** {@code createDirectory}. */
    CREATE_DIRECTORY
}

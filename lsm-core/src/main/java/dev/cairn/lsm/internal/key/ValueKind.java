// The kind codes of internal-key trailers. Constants only.
package dev.cairn.lsm.internal.key;

/** Kind codes stored in the internal-key trailer. Range deletions live in their own structures. */
public final class ValueKind {
    /** A point tombstone. */
    public static final int DELETE = 0;
    /** A value. */
    public static final int PUT = 1;
    /**
     * A merge operand: folded with the versions below it by the keyspace's merge operator. Stores
     * written before merges existed never hold it.
     */
    public static final int MERGE = 2;
    /**
     * A value kept in the value log: the stored value is a {@code BlobPointer} (write time, blob
     * file, offset, size). Only tables hold it; reads see it as a {@link #PUT} of the value it
     * points to. Stores written before value separation existed never hold it.
     */
    public static final int BLOB = 3;

    private ValueKind() {
    }
}

// One entry found in a table: internal key and stored value. Immutable by convention; the arrays
// are fresh copies owned by the caller.
package dev.cairn.lsm.internal.sstable;

/**
 * An entry returned by {@link TableReader#get}.
 *
 * @param internalKey the encoded internal key (user key + trailer)
 * @param storedValue the stored value (varint write time + user value)
 */
public record TableEntry(byte[] internalKey, byte[] storedValue) {
}

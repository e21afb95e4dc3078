// The operations a benchmark worker repeats. Immutable.
package dev.cairn.bench.run;

/** One kind of operation a worker repeats for a whole phase. */
public enum OpKind {
    /** put a value under the next key, no fsync. */
    PUT,
    /** put a value under the next key and fsync before returning. */
    PUT_SYNC,
    /** get the next key. */
    GET,
    /** get a key that is never written (the next key plus a trailing '.'). */
    GET_MISSING,
    /** delete the next key. */
    DELETE,
    /** seek to the next key, then read 10 more entries. */
    SEEK_NEXT10,
    /** merge an 8-byte little-endian 1 into the next key's counter (uint64 add). */
    MERGE,
    /** read every entry in key order; one op is one entry. */
    SCAN_FORWARD,
    /** read every entry in reverse key order; one op is one entry. */
    SCAN_REVERSE,
    /** a YCSB mix: each operation drawn by the worker's {@link WorkerSpec#ycsb()}. */
    YCSB
}

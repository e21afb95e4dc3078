// The operations of YCSB's core workloads. Immutable.
package dev.cairn.bench.ycsb;

/** One operation of a YCSB mix. */
public enum YcsbOp {
    /** get one record. */
    READ,
    /** write a whole new record over an existing key (a blind put). */
    UPDATE,
    /** write a record under a new key, after every key written so far. */
    INSERT,
    /** seek to a record and read 1 to 100 records in key order. */
    SCAN,
    /** read a record, change one of its ten fields and write it back. */
    READ_MODIFY_WRITE
}

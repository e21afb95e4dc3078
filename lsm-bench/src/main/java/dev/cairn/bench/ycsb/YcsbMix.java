// The operation mixes and request distributions of YCSB's core workloads A to F (as its
// workload files define them), and the cold-start mix. Immutable.
package dev.cairn.bench.ycsb;

/**
 * Proportions of each operation (they sum to 1) and how records are chosen.
 *
 * @param read share of reads
 * @param update share of blind whole-record updates
 * @param insert share of inserts of new records
 * @param scan share of short scans (length uniform in 1..100)
 * @param readModifyWrite share of read-modify-writes
 * @param distribution how an operation picks its record
 */
public record YcsbMix(double read, double update, double insert, double scan, double readModifyWrite,
                      Distribution distribution) {

    /** How an operation picks the record it works on. */
    public enum Distribution {
        /** scrambled zipfian (theta 0.99): a few hot records spread over the key space. */
        ZIPFIAN,
        /** zipfian over recency: the most recently inserted records are the hottest. */
        LATEST,
        /** every record equally likely. */
        UNIFORM
    }

    /** A: update heavy, 50 % reads, 50 % updates, zipfian. */
    public static final YcsbMix A = new YcsbMix(0.5, 0.5, 0, 0, 0, Distribution.ZIPFIAN);
    /** B: read mostly, 95 % reads, 5 % updates, zipfian. */
    public static final YcsbMix B = new YcsbMix(0.95, 0.05, 0, 0, 0, Distribution.ZIPFIAN);
    /** C: read only, zipfian. */
    public static final YcsbMix C = new YcsbMix(1, 0, 0, 0, 0, Distribution.ZIPFIAN);
    /** D: read latest, 95 % reads, 5 % inserts, the newest records hottest. */
    public static final YcsbMix D = new YcsbMix(0.95, 0, 0.05, 0, 0, Distribution.LATEST);
    /** E: short ranges, 95 % scans of 1 to 100 records, 5 % inserts, zipfian scan starts. */
    public static final YcsbMix E = new YcsbMix(0, 0, 0.05, 0.95, 0, Distribution.ZIPFIAN);
    /** F: read-modify-write, 50 % reads, 50 % read-modify-writes, zipfian. */
    public static final YcsbMix F = new YcsbMix(0.5, 0, 0, 0, 0.5, Distribution.ZIPFIAN);
    /** The cold-start run: 50 % reads and 50 % writes of uniformly random filled records. */
    public static final YcsbMix COLD_START = new YcsbMix(0.5, 0.5, 0, 0, 0, Distribution.UNIFORM);

    /**
     * @throws IllegalArgumentException when a share is negative or they do not sum to 1
     */
    public YcsbMix {
        double sum = read + update + insert + scan + readModifyWrite;
        if (read < 0 || update < 0 || insert < 0 || scan < 0 || readModifyWrite < 0 || Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("operation shares must be non-negative and sum to 1, were read " + read
                    + ", update " + update + ", insert " + insert + ", scan " + scan + ", rmw " + readModifyWrite);
        }
        if (distribution == null) {
            throw new IllegalArgumentException("a mix needs a request distribution");
        }
    }

    /**
     * @param u a uniform draw in [0, 1)
     * @return the operation the draw selects
     */
    public YcsbOp pick(double u) {
        double at = read;
        if (u < at) {
            return YcsbOp.READ;
        }
        at += update;
        if (u < at) {
            return YcsbOp.UPDATE;
        }
        at += insert;
        if (u < at) {
            return YcsbOp.INSERT;
        }
        at += scan;
        if (u < at) {
            return YcsbOp.SCAN;
        }
        return readModifyWrite > 0 ? YcsbOp.READ_MODIFY_WRITE : YcsbOp.READ;
    }
}

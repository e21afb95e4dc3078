// The db_bench-style workloads, in their default order, then YCSB's core workloads A to F after
// their load phase (run only when named: --workloads ycsb, or ycsba,...). Immutable.
package dev.cairn.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** One benchmark phase. */
public enum Workload {
    /** Empty store; write keys 0..num-1 in order, one writer. */
    FILLSEQ("fillseq", "fresh store; num puts in key order, 1 writer"),
    /** Empty store; write every key once in a seeded random order. */
    FILLRANDOM("fillrandom", "fresh store; every key of [0, num) once in shuffled order, --threads writers"),
    /** Write num uniformly random keys over the filled store. */
    OVERWRITE("overwrite", "num puts of uniformly random existing keys, --threads writers"),
    /** Close and reopen the filled store. */
    REOPEN("reopen", "close the filled store, then time open (ops/s = 1 / open seconds)"),
    /** Read uniformly random keys that exist. */
    READRANDOM("readrandom", "reads gets of uniformly random existing keys, --threads readers"),
    /** Read keys that were never written (key + '.'). */
    READMISSING("readmissing", "reads gets of absent keys (an existing key + '.'), --threads readers"),
    /** Scan the whole store forward. */
    READSEQ("readseq", "one cursor over the whole store in key order; 1 op = 1 entry"),
    /** Scan the whole store backward. */
    READREVERSE("readreverse", "one cursor over the whole store in reverse order; 1 op = 1 entry"),
    /** Seek to a random key and read 10 more entries. */
    SEEKRANDOM("seekrandom", "reads seeks to random keys, each followed by 10 nexts, --threads readers"),
    /** Random reads measured while one unmeasured writer writes random keys. */
    READWHILEWRITING("readwhilewriting", "reads random gets by --threads readers, timed while 1 writer puts random keys"),
    /** Delete num uniformly random keys. */
    DELETERANDOM("deleterandom", "num deletes of uniformly random keys, --threads writers"),
    /** Fresh store in its own directory; every put fsynced, 32 writers. */
    FILLSYNC("fillsync", "fresh store; num/100 random puts, each synced, by --sync-threads (32) writers"),
    /** Counter increments with a merge operator (uint64 add), on keys no other workload writes. */
    MERGERANDOM("mergerandom", "num merges of 1 (8-byte little-endian uint64 add) into uniformly random counters "
            + "(keys 'c' + key, apart from the others), --threads writers; stores without merge operators: unsupported"),
    /** YCSB load: a fresh store of num 1 KB records. */
    YCSBLOAD("ycsbload", "YCSB load: fresh store; num records of 10 x 100 B fields (one 1000 B value), shuffled order, "
            + "--threads writers"),
    /** YCSB A: 50 % reads, 50 % updates, zipfian. */
    YCSBA("ycsba", "YCSB A: reads ops, 50 % reads / 50 % updates, zipfian, --threads workers"),
    /** YCSB B: 95 % reads, 5 % updates, zipfian. */
    YCSBB("ycsbb", "YCSB B: reads ops, 95 % reads / 5 % updates, zipfian"),
    /** YCSB C: reads only, zipfian. */
    YCSBC("ycsbc", "YCSB C: reads ops, 100 % reads, zipfian"),
    /** YCSB D: 95 % reads, 5 % inserts, latest. */
    YCSBD("ycsbd", "YCSB D: reads ops, 95 % reads / 5 % inserts, latest records hottest"),
    /** YCSB E: 95 % scans of 1 to 100 records, 5 % inserts, zipfian. */
    YCSBE("ycsbe", "YCSB E: reads ops, 95 % scans (1-100 records) / 5 % inserts, zipfian; 1 op = 1 scan"),
    /** YCSB F: 50 % reads, 50 % read-modify-writes, zipfian. */
    YCSBF("ycsbf", "YCSB F: reads ops, 50 % reads / 50 % read-modify-writes, zipfian");

    /** The name that stands for the YCSB load and workloads A to F on the command line. */
    public static final String YCSB_FAMILY = "ycsb";

    private final String id;
    private final String description;

    Workload(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** @return the name used on the command line and in bench.json */
    public String id() {
        return id;
    }

    /** @return one line saying what the phase does */
    public String description() {
        return description;
    }

    /** @return whether the phase needs the filled store from earlier phases */
    public boolean needsData() {
        return this != FILLSEQ && this != FILLRANDOM && this != FILLSYNC && this != MERGERANDOM && this != YCSBLOAD;
    }

    /** @return whether this is one of YCSB's workloads A to F (they need the YCSB load's records) */
    public boolean isYcsbMix() {
        return ordinal() > YCSBLOAD.ordinal();
    }

    /** @return the db_bench-style workloads, the default list, in order */
    public static List<Workload> all() {
        return Arrays.asList(values()).subList(0, YCSBLOAD.ordinal());
    }

    /** @return the YCSB load and workloads A to F, in order */
    public static List<Workload> ycsb() {
        return Arrays.asList(values()).subList(YCSBLOAD.ordinal(), values().length);
    }

    /**
     * @param id a workload name, or {@value #YCSB_FAMILY} for the whole YCSB family
     * @return the workloads it names
     * @throws IllegalArgumentException naming the valid names
     */
    public static List<Workload> expand(String id) {
        return id.trim().equalsIgnoreCase(YCSB_FAMILY) ? ycsb() : List.of(byId(id));
    }

    /**
     * @param id a name such as {@code readrandom}
     * @return the workload
     * @throws IllegalArgumentException naming the valid names
     */
    public static Workload byId(String id) {
        for (Workload w : values()) {
            if (w.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + id + "'; valid: "
                + String.join(",", Arrays.stream(values()).map(Workload::id).toList()) + ", " + YCSB_FAMILY);
    }
}

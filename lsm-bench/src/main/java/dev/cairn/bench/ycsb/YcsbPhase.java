// What the workers of one YCSB phase share: the mix, the record count, the zipfian generator
// (read-only), the insert sequence and, for a single-worker run, the progress marks. Key numbers
// below `records` are the loaded records; the phase's inserts get `insertBase`, `insertBase + 1`,
// ... (insertBase >= records, so they sort after every loaded key, like YCSB's ordered inserts).
// Thread-safe: the counters are atomic, the marks are written by one worker.
package dev.cairn.bench.ycsb;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The shared state of one YCSB phase. */
public final class YcsbPhase {
    /** Zipfian generators by item count: zeta(n) takes O(n) to compute, so phases share them. */
    private static final ConcurrentHashMap<Long, ZipfianGenerator> GENERATORS = new ConcurrentHashMap<>();

    private final YcsbMix mix;
    private final long records;
    private final long insertBase;
    private final ZipfianGenerator zipfian;
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final long[] marks;
    private final int markEvery;

    /**
     * @param mix the operation mix
     * @param records loaded records (key numbers 0 to records - 1)
     * @param ops operations the phase will run (bounds the inserts)
     * @param insertBase the key number of the phase's first insert, at least {@code records}
     * @param markEvery with a positive value, a single worker stamps {@link System#nanoTime()}
     *     after every {@code markEvery} operations (see {@link #marks()}); 0 for none
     * @throws IllegalArgumentException on an empty record set or an insert base inside it
     */
    public YcsbPhase(YcsbMix mix, long records, long ops, long insertBase, int markEvery) {
        if (records < 1) {
            throw new IllegalArgumentException("a YCSB phase needs loaded records, had " + records);
        }
        if (insertBase < records) {
            throw new IllegalArgumentException("inserts must start after the loaded records: base " + insertBase
                    + " < records " + records);
        }
        this.mix = mix;
        this.records = records;
        this.insertBase = insertBase;
        // As YCSB does, the distribution covers the records plus room for twice the expected
        // inserts; a draw past the records that exist so far is drawn again.
        long items = records + (long) Math.ceil(mix.insert() * ops * 2);
        this.zipfian = mix.distribution() == YcsbMix.Distribution.UNIFORM ? null
                : GENERATORS.computeIfAbsent(items, n -> new ZipfianGenerator(n, ZipfianGenerator.YCSB_THETA));
        this.markEvery = markEvery;
        this.marks = markEvery > 0 ? new long[(int) Math.max(1, ops / markEvery)] : new long[0];
    }

    /** @return the operation mix */
    public YcsbMix mix() {
        return mix;
    }

    /**
     * @return the {@link System#nanoTime()} after each {@code markEvery} operations of a
     *     single-worker phase (0 where not reached); empty without marks
     */
    public long[] marks() {
        return marks;
    }

    /** @return records that exist now: the loaded ones plus acknowledged inserts */
    long existing() {
        return records + acknowledged.get();
    }

    /** @return the zipfian generator, or null for a uniform mix */
    ZipfianGenerator zipfian() {
        return zipfian;
    }

    /** @return the key number of the record at position {@code index} of [0, existing()) */
    long keyNumber(long index) {
        return index < records ? index : insertBase + (index - records);
    }

    /** @return the key number of a new insert (claimed, not yet acknowledged) */
    long claimInsert() {
        return insertBase + claimed.getAndIncrement();
    }

    /** Marks the insert of {@code keyNumber} done: readers may pick it from now on. */
    void acknowledge(long keyNumber) {
        acknowledged.accumulateAndGet(keyNumber - insertBase + 1, Math::max);
    }

    /** Stamps the time after {@code done} operations when that is a mark. */
    void progress(long done) {
        if (markEvery > 0 && done % markEvery == 0 && done / markEvery <= marks.length) {
            marks[(int) (done / markEvery) - 1] = System.nanoTime();
        }
    }
}

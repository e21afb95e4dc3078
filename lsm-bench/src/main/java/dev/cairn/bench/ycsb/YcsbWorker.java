// One worker's view of a YCSB phase: its own random source, the operation it draws next, the
// key it picks, and the record bytes it writes. A record is ten 100-byte fields stored as one
// 1000-byte value. Not thread-safe: one per worker (the phase it points to is shared).
package dev.cairn.bench.ycsb;

import dev.cairn.bench.run.KeySpace;
import dev.cairn.bench.run.ValuePool;
import java.util.SplittableRandom;

/** Draws a worker's YCSB operations; the loops that run them call it between operations. */
public final class YcsbWorker {
    /** Fields per record. */
    public static final int FIELDS = 10;
    /** Bytes per field. */
    public static final int FIELD_SIZE = 100;
    /** Bytes per record: the value every YCSB workload stores. */
    public static final int RECORD_SIZE = FIELDS * FIELD_SIZE;
    /** Longest scan, in records (lengths are uniform in 1..MAX_SCAN). */
    public static final int MAX_SCAN = 100;

    private final YcsbPhase phase;
    private final SplittableRandom random;
    private long writes;

    /**
     * @param phase the shared phase
     * @param seed this worker's seed
     */
    public YcsbWorker(YcsbPhase phase, long seed) {
        this.phase = phase;
        this.random = new SplittableRandom(seed);
    }

    /** @return the operation to run next, drawn from the mix */
    public YcsbOp nextOp() {
        return phase.mix().pick(random.nextDouble());
    }

    /** @return a fresh key of an existing record, chosen by the mix's distribution */
    public byte[] chooseKey() {
        long existing = phase.existing();
        ZipfianGenerator z = phase.zipfian();
        long index;
        switch (phase.mix().distribution()) {
            case UNIFORM -> index = random.nextLong(existing);
            case LATEST -> {
                long back = z.next(random);
                while (back >= existing) {
                    back = z.next(random);
                }
                index = existing - 1 - back;
            }
            default -> {
                long scrambled = ZipfianGenerator.scramble(z.next(random), z.items());
                while (scrambled >= existing) {
                    scrambled = ZipfianGenerator.scramble(z.next(random), z.items());
                }
                index = scrambled;
            }
        }
        return KeySpace.key(phase.keyNumber(index));
    }

    /** @return the key number a new insert writes; call {@link #inserted} once it is written */
    public long claimInsert() {
        return phase.claimInsert();
    }

    /** @param keyNumber an insert of {@link #claimInsert()} that is now written */
    public void inserted(long keyNumber) {
        phase.acknowledge(keyNumber);
    }

    /** @return how many records the next scan reads, uniform in 1..{@value #MAX_SCAN} */
    public int scanLength() {
        return 1 + random.nextInt(MAX_SCAN);
    }

    /**
     * @param values a pool of {@link #RECORD_SIZE}-byte values
     * @return a fresh whole record
     */
    public byte[] record(ValuePool values) {
        return values.value(random.nextLong(1L << 40) + writes++);
    }

    /**
     * @param old a record read back, or null when it was not found
     * @param values a pool of {@link #RECORD_SIZE}-byte values
     * @return a copy of {@code old} with one field, chosen at random, rewritten (a whole new
     *     record when {@code old} is null or not a whole record)
     */
    public byte[] withOneFieldChanged(byte[] old, ValuePool values) {
        byte[] fresh = record(values);
        if (old == null || old.length != RECORD_SIZE) {
            return fresh;
        }
        byte[] copy = old.clone();
        int field = random.nextInt(FIELDS) * FIELD_SIZE;
        System.arraycopy(fresh, field, copy, field, FIELD_SIZE);
        return copy;
    }

    /** @param done operations this worker has finished; stamps the phase's marks */
    public void progress(long done) {
        phase.progress(done);
    }
}

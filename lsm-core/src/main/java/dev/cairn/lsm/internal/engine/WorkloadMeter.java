// Measures one keyspace's workload since open for the compaction advisor: puts, deletes, point
// reads and scans, the overwrite ratio and distinct keys from an adaptive hash sample of the keys
// written, and how many writes came in key order. Write-side methods are called by one writer at
// a time (the commit leader); readers and snapshots may run on any thread. Thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.sstable.KeyHash;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The workload of one keyspace since the store was opened. Nothing is persisted: a reopened store
 * starts measuring again (the data's shape comes from the tables instead).
 *
 * <p><b>Overwrites without a lookup.</b> Every key written is hashed; a key is in the sample when
 * the top {@code level} bits of its hash are zero, and the sample remembers how often each of its
 * keys was written. When the sample outgrows {@link #SAMPLE_KEYS}, the level rises by one and the
 * keys no longer in it are forgotten, so the sample always holds every sampled key with its full
 * count (Gibbons' distinct sampling). The overwrite ratio is the sample's repeated writes over its
 * writes; the distinct keys are the sample's size times {@code 2^level}. Costs per write: one hash,
 * and a map update for the sampled one in {@code 2^level}.
 *
 * <p><b>Key order.</b> A write whose key sorts after every key written before it counts as an
 * append; the largest key is kept in a reused buffer.
 */
final class WorkloadMeter {
    /** The most keys the overwrite sample holds before it halves its sampling rate. */
    static final int SAMPLE_KEYS = 4096;

    private final long openedAt;
    private final AtomicLong puts = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong appends = new AtomicLong();
    private final LongAdder pointReads = new LongAdder();
    private final LongAdder scans = new LongAdder();
    /** Guarded by this: sampled key hash → writes of that key. */
    private final Map<Long, int[]> sample = new HashMap<>();
    /** Written under this, read without it: a key is sampled when its hash has at least this many leading zero bits. */
    private volatile int level;
    /** Written by the one writer only: the largest key written so far, in {@code maxKey[0, maxLen)}. */
    private byte[] maxKey = new byte[32];
    private int maxLen = -1;

    /** @param openedAt when measuring starts (epoch milliseconds, the store's clock) */
    WorkloadMeter(long openedAt) {
        this.openedAt = openedAt;
    }

    /** One writer at a time: a put or merge of {@code key[off, off + len)}. */
    void put(byte[] key, int off, int len) {
        puts.incrementAndGet();
        keyWritten(key, off, len);
        long hash = KeyHash.hash64(key, off, len);
        if (Long.numberOfLeadingZeros(hash) >= level) {
            sampled(hash);
        }
    }

    /** One writer at a time: a point delete of {@code key[off, off + len)}, or a range delete from it. */
    void delete(byte[] key, int off, int len) {
        deletes.incrementAndGet();
        keyWritten(key, off, len);
    }

    /** Any thread: a point read was answered. */
    void pointRead() {
        pointReads.increment();
    }

    /** Any thread: a cursor was opened. */
    void scan() {
        scans.increment();
    }

    private void keyWritten(byte[] key, int off, int len) {
        if (maxLen >= 0 && Arrays.compareUnsigned(key, off, off + len, maxKey, 0, maxLen) <= 0) {
            return;
        }
        if (maxLen >= 0) {
            appends.incrementAndGet();
        }
        if (maxKey.length < len) {
            maxKey = new byte[Math.max(len, maxKey.length * 2)];
        }
        System.arraycopy(key, off, maxKey, 0, len);
        maxLen = len;
    }

    private synchronized void sampled(long hash) {
        if (Long.numberOfLeadingZeros(hash) < level) {
            return;
        }
        sample.computeIfAbsent(hash, h -> new int[1])[0]++;
        while (sample.size() > SAMPLE_KEYS) {
            level++;
            for (Iterator<Long> it = sample.keySet().iterator(); it.hasNext(); ) {
                if (Long.numberOfLeadingZeros(it.next()) < level) {
                    it.remove();
                }
            }
        }
    }

    /**
     * @param now the store's clock, epoch milliseconds
     * @return the counts so far
     */
    Reading read(long now) {
        long sampledWrites = 0;
        long sampledKeys;
        int lvl;
        synchronized (this) {
            for (int[] count : sample.values()) {
                sampledWrites += count[0];
            }
            sampledKeys = sample.size();
            lvl = level;
        }
        long p = puts.get();
        long d = deletes.get();
        double overwrite = sampledWrites == 0 ? 0.0 : (double) (sampledWrites - sampledKeys) / sampledWrites;
        double append = p + d <= 1 ? 0.0 : Math.min(1.0, (double) appends.get() / (p + d - 1));
        return new Reading(Math.max(0, now - openedAt), p, d, pointReads.sum(), scans.sum(), overwrite,
                p + d == 0 ? 0.0 : (double) d / (p + d), append, sampledKeys << lvl);
    }

    /**
     * The meter's counts at one moment.
     *
     * @param millis how long the meter has measured
     * @param puts puts and merges
     * @param deletes point and range deletes
     * @param pointReads point reads answered
     * @param scans cursors opened
     * @param overwriteRatio repeated writes over writes, in the sample
     * @param deleteRatio deletes over writes
     * @param appendRatio writes in key order over writes after the first
     * @param distinctKeys distinct keys written, estimated
     */
    record Reading(long millis, long puts, long deletes, long pointReads, long scans, double overwriteRatio,
                   double deleteRatio, double appendRatio, long distinctKeys) {
    }
}

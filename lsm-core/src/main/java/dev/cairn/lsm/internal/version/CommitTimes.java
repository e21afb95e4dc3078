// The commit-time map of a store that retains versions (docs/format.md, "Manifest", tag 7): for
// each millisecond in which something committed, the last sequence number committed by then. It
// turns an instant into the sequence a versioned read sees, a sequence into its commit time, and
// the retention window's edge into the sequence compaction pins. Thread-safe (its own monitor).
package dev.cairn.lsm.internal.version;

import java.util.Arrays;

/**
 * Pairs {@code (time, sequence)}, sequences strictly ascending, times ascending: every sequence
 * in {@code (previous pair's sequence, sequence]} committed at {@code time} (epoch
 * milliseconds). The first pair only says that every sequence up to its own committed at or
 * before its time: the map covers instants from the first pair's time on, and the first pair's
 * sequence is the base a history starts from. Commit times are monotonic, so the newest sequence
 * committed at or before an instant is the sequence of the last pair whose time is not after
 * it. Two pairs share a time only where a {@linkplain #start start} pair is followed by commits
 * in its millisecond. Memory: 16 bytes per millisecond in which anything committed inside the
 * retention window (plus one pair before it).
 */
public final class CommitTimes {
    private long[] times = new long[64];
    private long[] seqs = new long[64];
    private int start;
    private int end;
    /** Whether the last pair is a start pair, which later commits of its millisecond do not join. */
    private boolean lastIsStart;

    /** Creates an empty map. */
    public CommitTimes() {
    }

    /**
     * Records that every sequence up to {@code lastSequence} committed by {@code time}. A
     * sequence not past the last one recorded is ignored; a time before the last one recorded is
     * taken as that one (commit times never go backwards).
     *
     * @param lastSequence the last sequence of a commit
     * @param time its commit time
     */
    public synchronized void record(long lastSequence, long time) {
        if (end > start) {
            if (lastSequence <= seqs[end - 1]) {
                return;
            }
            if (time <= times[end - 1] && !lastIsStart) {
                seqs[end - 1] = lastSequence;
                return;
            }
        }
        append(lastSequence, time);
    }

    /**
     * Records where the map's coverage starts when a store opens: every sequence up to
     * {@code lastSequence} committed by {@code time}. Commits of the same millisecond get a
     * pair of their own, so a history can tell them from what came before. Ignored when the map
     * already covers {@code lastSequence}.
     *
     * @return whether the pair was recorded (the manifest must then be told)
     */
    public synchronized boolean start(long lastSequence, long time) {
        if (end == start || lastSequence > seqs[end - 1]) {
            append(lastSequence, time);
            lastIsStart = true;
            return true;
        }
        return false;
    }

    private void append(long lastSequence, long time) {
        if (end > start && time < times[end - 1]) {
            time = times[end - 1];
        }
        lastIsStart = false;
        if (end == times.length) {
            grow();
        }
        times[end] = time;
        seqs[end] = lastSequence;
        end++;
    }

    /** Forgets every pair: what the map said no longer covers the store's history. */
    public synchronized void clear() {
        start = 0;
        end = 0;
    }

    /** @return the first instant the map covers (epoch millis), or Long.MAX_VALUE when empty */
    public synchronized long firstTime() {
        return end > start ? times[start] : Long.MAX_VALUE;
    }

    /** @return the last sequence recorded, or -1 when empty */
    public synchronized long lastSequence() {
        return end > start ? seqs[end - 1] : -1;
    }

    /** @return the last commit time recorded, or 0 when empty */
    public synchronized long lastTime() {
        return end > start ? times[end - 1] : 0;
    }

    /**
     * @param time epoch millis
     * @return the newest sequence committed at or before {@code time}, or -1 when the map does
     *     not reach back to {@code time}
     */
    public synchronized long sequenceAt(long time) {
        int i = lastIndexAtOrBefore(time);
        return i < 0 ? -1 : seqs[i];
    }

    /**
     * @param sequence a sequence number
     * @return its commit time, or -1 when the map cannot tell: at or before the first pair's
     *     sequence (committed by then, exactly when unknown) or past the last one
     */
    public synchronized long timeOf(long sequence) {
        if (end == start || sequence <= seqs[start] || sequence > seqs[end - 1]) {
            return -1;
        }
        int i = Arrays.binarySearch(seqs, start + 1, end, sequence);
        return times[i >= 0 ? i : -i - 1];
    }

    /**
     * @param edge the retention window's edge, epoch millis
     * @return the sequence a history and compaction start from: the newest committed before
     *     {@code edge}, or the first pair's when the map does not reach back that far; -1 when
     *     the map is empty
     */
    public synchronized long base(long edge) {
        if (end == start) {
            return -1;
        }
        int i = lastIndexAtOrBefore(edge - 1);
        return seqs[Math.max(i, start)];
    }

    /**
     * Drops the pairs no read can need any more: those before the last pair older than
     * {@code before}, which stays (it says what the store held when the window began).
     *
     * @param before the retention window's edge, epoch millis
     */
    public synchronized void prune(long before) {
        int i = lastIndexAtOrBefore(before - 1);
        if (i > start) {
            start = i;
            if (start > 1024 && start > (end - start)) {
                compact();
            }
        }
    }

    /**
     * @param afterSequence only pairs whose sequence is past this
     * @return those pairs flattened as {@code time0, seq0, time1, seq1, ...}, oldest first
     */
    public synchronized long[] pairsAfter(long afterSequence) {
        int from = start;
        while (from < end && seqs[from] <= afterSequence) {
            from++;
        }
        long[] out = new long[2 * (end - from)];
        for (int i = from; i < end; i++) {
            out[2 * (i - from)] = times[i];
            out[2 * (i - from) + 1] = seqs[i];
        }
        return out;
    }

    /**
     * The pairs a copy of the store at {@code sequence} holds: those up to it, and where a pair
     * (or the commit not recorded yet) spans it, one ending at it with that pair's time (or
     * {@code now}: everything up to {@code sequence} committed by then).
     *
     * @param sequence the copy's last sequence
     * @param now the time the copy was taken, epoch millis
     * @return the pairs flattened as {@link #pairsAfter} gives them; empty when the map is empty
     */
    public synchronized long[] pairsUpTo(long sequence, long now) {
        int to = start;
        while (to < end && seqs[to] <= sequence) {
            to++;
        }
        boolean spans = end > start && (to == start || seqs[to - 1] < sequence);
        long[] out = new long[2 * (to - start + (spans ? 1 : 0))];
        for (int i = start; i < to; i++) {
            out[2 * (i - start)] = times[i];
            out[2 * (i - start) + 1] = seqs[i];
        }
        if (spans) {
            long time = to < end ? times[to] : Math.max(now, times[end - 1]);
            out[out.length - 2] = to > start ? Math.max(time, times[to - 1]) : time;
            out[out.length - 1] = sequence;
        }
        return out;
    }

    /**
     * Replays one manifest edit's part of the map (docs/format.md, "Commit times and retained
     * versions"): its pairs are recorded; an edit without pairs that sets the last sequence past
     * the map's was written without versions retained, so the map starts again.
     *
     * @param pairs the edit's pairs (flattened), or null when it has none
     * @param lastSequence the last sequence the edit sets, or -1 when it sets none
     */
    public synchronized void replay(long[] pairs, long lastSequence) {
        if (pairs != null) {
            recordAll(pairs);
        } else if (lastSequence > lastSequence()) {
            clear();
        }
    }

    /** @return how many pairs the map holds */
    public synchronized int size() {
        return end - start;
    }

    /** @return the sequence of the first pair, or -1 when empty */
    public synchronized long firstSequence() {
        return end > start ? seqs[start] : -1;
    }

    /**
     * Records flattened pairs, as {@link #pairsAfter} gives them.
     *
     * @param pairs {@code time0, seq0, time1, seq1, ...}
     */
    public synchronized void recordAll(long[] pairs) {
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (end == start || pairs[i + 1] > seqs[end - 1]) {
                append(pairs[i + 1], pairs[i]);
            }
        }
    }

    /** @return the index of the last pair whose time is at most {@code time}, or -1 */
    private int lastIndexAtOrBefore(long time) {
        int lo = start;
        int hi = end - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= time) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void grow() {
        if (start > 0) {
            compact();
            if (end < times.length) {
                return;
            }
        }
        times = Arrays.copyOf(times, times.length * 2);
        seqs = Arrays.copyOf(seqs, seqs.length * 2);
    }

    private void compact() {
        System.arraycopy(times, start, times, 0, end - start);
        System.arraycopy(seqs, start, seqs, 0, end - start);
        end -= start;
        start = 0;
    }

    @Override
    public synchronized String toString() {
        return "CommitTimes[" + (end - start) + " pairs, " + (end > start ? times[start] + ".." + times[end - 1] : "")
                + "]";
    }
}

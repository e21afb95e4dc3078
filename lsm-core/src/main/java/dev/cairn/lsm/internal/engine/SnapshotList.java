// The live snapshots of a store, as a multiset of sequence numbers that compaction must respect,
// and in the order they were taken, for the age of the oldest. Thread-safe: guarded by its own monitor.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.Snapshot;
import dev.cairn.lsm.StoreClosedException;
import java.util.LinkedHashSet;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The live snapshots of a store, as a multiset of sequence numbers. Compaction asks for the
 * sorted list to know which versions must survive. Thread-safe.
 */
final class SnapshotList {
    /** Guarded by this list's monitor: how many open snapshots read at each sequence. */
    private final TreeMap<Long, Integer> live = new TreeMap<>();
    /** Guarded by this list's monitor: the open snapshots, oldest first (identity, insertion order). */
    private final LinkedHashSet<StoreSnapshot> open = new LinkedHashSet<>();
    /** The store's clock, epoch millis. */
    private final LongSupplier clock;

    /** @param clock the store's clock (epoch millis), for the age of snapshots */
    SnapshotList(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Registers a snapshot at the store's current sequence, read under this list's lock: a job
     * that captured {@link #sequences()} before it sees a sequence at least as new as all of
     * its inputs, and a job that captures it after sees the snapshot.
     */
    synchronized StoreSnapshot take(LongSupplier currentSequence) {
        return take(currentSequence, Long.MAX_VALUE);
    }

    /**
     * As {@link #take(LongSupplier)}, for a snapshot that reads as of a past instant.
     *
     * @param sequence the snapshot's sequence, read under this list's lock (it may throw: nothing is registered then)
     * @param asOf the instant it reads as of, epoch millis; Long.MAX_VALUE for the present
     */
    synchronized StoreSnapshot take(LongSupplier sequence, long asOf) {
        long seq = sequence.getAsLong();
        live.merge(seq, 1, Integer::sum);
        StoreSnapshot s = new StoreSnapshot(seq, clock.getAsLong(), asOf);
        open.add(s);
        return s;
    }

    private synchronized void release(StoreSnapshot s) {
        open.remove(s);
        long sequence = s.sequence;
        Integer n = live.get(sequence);
        if (n == null) {
            return;
        }
        if (n == 1) {
            live.remove(sequence);
        } else {
            live.put(sequence, n - 1);
        }
    }

    /** @return whether {@code s} was taken from this list and is still open */
    boolean owns(Snapshot s) {
        return s instanceof StoreSnapshot ss && ss.owner() == this;
    }

    /** @return how many snapshots are open */
    synchronized int openCount() {
        return open.size();
    }

    /** @return how long the oldest open snapshot has been open, in millis by the clock; 0 when none */
    synchronized long oldestAgeMillis() {
        if (open.isEmpty()) {
            return 0;
        }
        return Math.max(0, clock.getAsLong() - open.iterator().next().takenAt);
    }

    /** @return the oldest instant an open snapshot reads as of, epoch millis; Long.MAX_VALUE when none does */
    synchronized long oldestAsOf() {
        long oldest = Long.MAX_VALUE;
        for (StoreSnapshot s : open) {
            oldest = Math.min(oldest, s.asOf);
        }
        return oldest;
    }

    /** @return the sequences of live snapshots, ascending, without duplicates */
    synchronized long[] sequences() {
        return live.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** A public snapshot handle; closing it releases the sequence. */
    final class StoreSnapshot implements Snapshot {
        private final long sequence;
        /** When it was taken, epoch millis by the store's clock. */
        private final long takenAt;
        /** The instant it reads as of, epoch millis; Long.MAX_VALUE for a snapshot of the present. */
        private final long asOf;
        /** Volatile; set once, under this snapshot's monitor. */
        private volatile boolean closed;

        StoreSnapshot(long sequence, long takenAt, long asOf) {
            this.sequence = sequence;
            this.takenAt = takenAt;
            this.asOf = asOf;
        }

        /** @return the instant it reads as of (its TTL cut-off), epoch millis; Long.MAX_VALUE for the present */
        long asOf() {
            return asOf;
        }

        @Override
        public long sequence() {
            if (closed) {
                throw new StoreClosedException("snapshot at sequence " + sequence + " is closed");
            }
            return sequence;
        }

        SnapshotList owner() {
            return SnapshotList.this;
        }

        boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release(this);
        }

        @Override
        public String toString() {
            return "Snapshot@" + sequence + (closed ? " (closed)" : "");
        }
    }
}

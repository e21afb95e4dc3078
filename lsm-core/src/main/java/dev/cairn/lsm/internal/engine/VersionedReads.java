// Which sequence a read sees (the latest, a snapshot's, or the one committed by an instant inside
// the version-retention window) and the history of keys: every version committed inside the
// window, with its commit time, walked lazily (HistoryWalk). Holds only final references; thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.Limits;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.Snapshot;
import dev.cairn.lsm.Version;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.version.CommitTimes;
import dev.cairn.lsm.internal.version.VersionSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Resolves the sequence of a read and answers {@code history}. An {@link ReadOptions#asOf} read
 * sees the newest sequence committed at or before its instant ({@link CommitTimes}); the instant
 * must lie inside the retention window, checked after the read's {@link SuperVersion} is taken: a
 * compaction that dropped versions the instant needs started after the window had passed it, so
 * a check made after taking the view refuses every read such a view could answer wrongly.
 */
final class VersionedReads {
    private final SnapshotList snapshots;
    private final LongSupplier lastSequence;
    private final VersionSet versions;
    private final StoreClock clock;

    /** Also makes the version set keep commit times when the options retain versions. */
    VersionedReads(SnapshotList snapshots, LongSupplier lastSequence, VersionSet versions, StoreClock clock) {
        this.snapshots = snapshots;
        this.lastSequence = lastSequence;
        this.versions = versions;
        this.clock = clock;
        if (clock.retainsVersions()) {
            versions.keepCommitTimes(new CommitTimes());
        }
    }

    /**
     * After recovery: commit times go on from the newest one the store's files hold, and the map
     * covers the store from now on at least (everything recovered committed by now). A new start
     * of the map is written to the manifest at once: the next open must find it even when
     * nothing else is written before then.
     */
    void recovered(long lastSeq) {
        clock.commitsAfter(versions.lastCommitTime());
        CommitTimes times = versions.commitTimes();
        if (times != null) {
            clock.commitsAfter(times.lastTime());
            if (times.start(lastSeq, clock.commitTime())) {
                try {
                    versions.logAndApply(new VersionEdit());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot record where the store's commit times begin", e);
                }
            }
        }
    }

    /**
     * The sequence to read at, taken after {@code sv} (released if the options are refused): a
     * sequence read first could predate a compaction that {@code sv} already reflects, one that
     * dropped versions that sequence needs.
     */
    long sequence(ReadOptions options, SuperVersion sv) {
        try {
            return sequence(options);
        } catch (RuntimeException e) {
            sv.unref();
            throw e;
        }
    }

    private long sequence(ReadOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("read options must not be null (use ReadOptions.defaults())");
        }
        if (options.asOf() != null) {
            return sequenceAsOf(options.asOf());
        }
        Snapshot s = options.snapshot();
        if (s == null) {
            return lastSequence.getAsLong();
        }
        if (!snapshots.owns(s)) {
            throw new IllegalArgumentException("snapshot " + s + " does not belong to this store");
        }
        return s.sequence();
    }

    /**
     * A snapshot at the newest sequence committed at or before {@code instant}, registered with
     * the window checked under the snapshot list's lock: a compaction that began before it pinned
     * the window at an edge no later than now's, so it kept every version the sequence sees, and
     * one that begins after it sees the snapshot.
     */
    Snapshot snapshotAsOf(Instant instant) {
        if (instant == null) {
            throw new IllegalArgumentException("instant must not be null");
        }
        return snapshots.take(() -> sequenceAsOf(instant), millis(instant));
    }

    /**
     * The TTL cut-off of a read: today's, or for a read as of an instant (through the options or
     * a snapshot taken as of one) the one at that instant, so it sees what had not expired then.
     * Compaction keeps such values until the window has passed their expiry
     * ({@link StoreClock#compactionExpiredBefore(java.time.Duration)}).
     *
     * @param options the read's options (already accepted by {@link #sequence})
     * @param ttl the TTL of the family read, or null for none
     * @return values written before this epoch millis are expired; Long.MIN_VALUE without a TTL
     */
    long expiredBefore(ReadOptions options, java.time.Duration ttl) {
        if (options.asOf() != null) {
            return clock.expiredBeforeAt(ttl, millis(options.asOf()));
        }
        if (options.snapshot() instanceof SnapshotList.StoreSnapshot s && s.asOf() != Long.MAX_VALUE) {
            return clock.expiredBeforeAt(ttl, s.asOf());
        }
        return clock.expiredBefore(ttl);
    }

    private static long millis(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** @return the newest sequence committed at or before {@code instant} */
    private long sequenceAsOf(Instant instant) {
        CommitTimes times = requireRetention("read as of " + instant);
        long t = millis(instant);
        long from = windowStart(times);
        if (t < from) {
            throw new IllegalArgumentException("cannot read as of " + instant + ": it lies outside the retention window ("
                    + Duration.ofMillis(clock.retainMillis()) + ", versions kept from " + Instant.ofEpochMilli(from)
                    + " on)");
        }
        return Math.min(times.sequenceAt(t), lastSequence.getAsLong());
    }

    /** @return the first instant (epoch millis) reads may ask for: the window's edge or the map's first time */
    private long windowStart(CommitTimes times) {
        return Math.max(clock.retainedFrom(), times.firstTime());
    }

    private CommitTimes requireRetention(String what) {
        CommitTimes times = versions.commitTimes();
        if (times == null) {
            throw new IllegalArgumentException("cannot " + what
                    + ": the store does not retain versions (open it with StoreOptions.builder().retainVersions(window))");
        }
        return times;
    }

    /** @return the history of one key of family {@code ks}, newest first */
    List<Version> history(Keyspace ks, byte[] key) {
        Limits.checkKey(key, "key");
        try (HistoryWalk walk = walk(ks, key, null, true)) {
            List<Version> out = new ArrayList<>();
            walk.forEachRemaining(out::add);
            return out;
        }
    }

    /**
     * @return the histories of the keys in {@code [from, to)}, keys ascending, read lazily: one
     *     key's versions at a time, from a view of the store that closing the stream releases
     */
    Stream<Version> historyStream(Keyspace ks, byte[] from, byte[] to) {
        Limits.checkOptionalRange(from, to);
        HistoryWalk walk = walk(ks, from, to, false);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walk, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(walk::close);
    }

    /**
     * @param ks the family walked, with its readers and merge operator as its options are now
     * @param from first key, or null
     * @param to first key past the range, or null
     * @param single whether {@code from} is one key and {@code to} unused
     * @return a walk over the keys' versions, holding a view of the family until closed or done
     */
    private HistoryWalk walk(Keyspace ks, byte[] from, byte[] to, boolean single) {
        CommitTimes times = requireRetention("list history");
        Keyspace.Tuning tuning = ks.tuning();
        SuperVersion sv = ks.memtables().acquire();
        try {
            long latest = lastSequence.getAsLong();
            // As compaction pins it: versions above are inside the window, the newest at or below
            // it is what the key held when the window began.
            long base = times.base(clock.retainedFrom());
            return new HistoryWalk(sv, tuning.cursors(), tuning.hooks(), times, from, to, single, latest, base);
        } catch (UncheckedIOException e) {
            sv.unref();
            throw Failures.wrap("history read failed", e);
        } catch (RuntimeException | Error e) {
            sv.unref();
            throw e;
        }
    }
}

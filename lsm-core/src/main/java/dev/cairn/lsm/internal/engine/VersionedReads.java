// Which sequence a read sees (the latest, a snapshot's, or the one committed by an instant inside
// the version-retention window) and the history of keys: every version committed inside the
// window, with its commit time. Holds only final references; thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.Limits;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.Snapshot;
import dev.cairn.lsm.Version;
import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.manifest.VersionEdit;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.internal.version.CommitTimes;
import dev.cairn.lsm.internal.version.VersionSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

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
    private final CursorAssembly cursors;
    private final MemTables memtables;
    private final KeyspaceHooks hooks;

    /** Also makes the version set keep commit times when the options retain versions. */
    VersionedReads(SnapshotList snapshots, LongSupplier lastSequence, VersionSet versions, StoreClock clock,
                   CursorAssembly cursors, MemTables memtables, KeyspaceHooks hooks) {
        this.snapshots = snapshots;
        this.lastSequence = lastSequence;
        this.versions = versions;
        this.clock = clock;
        this.cursors = cursors;
        this.memtables = memtables;
        this.hooks = hooks;
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

    /** @return the newest sequence committed at or before {@code instant} */
    private long sequenceAsOf(Instant instant) {
        CommitTimes times = requireRetention("read as of " + instant);
        long t;
        try {
            t = instant.toEpochMilli();
        } catch (ArithmeticException e) {
            t = instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
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

    /** @return the history of one key, newest first */
    List<Version> history(byte[] key) {
        Limits.checkKey(key, "key");
        return history(key, null, true);
    }

    /** @return the histories of the keys in {@code [from, to)}, keys ascending */
    List<Version> history(byte[] from, byte[] to) {
        Limits.checkOptionalRange(from, to);
        return history(from, to, false);
    }

    private List<Version> history(byte[] from, byte[] to, boolean single) {
        requireRetention("list history");
        SuperVersion sv = memtables.acquire();
        try {
            return history(sv, from, to, single);
        } catch (UncheckedIOException e) {
            throw Failures.wrap("history read failed", e);
        } finally {
            sv.unref();
        }
    }

    /**
     * @param from first key, or null
     * @param to first key past the range, or null
     * @param single whether {@code from} is one key and {@code to} unused
     * @return the versions of the keys, keys ascending, each newest first
     */
    private List<Version> history(SuperVersion sv, byte[] from, byte[] to, boolean single) {
        CommitTimes times = requireRetention("list history");
        long latest = lastSequence.getAsLong();
        // As compaction pins it: versions above are inside the window, the newest at or below
        // it is what the key held when the window began.
        long base = times.base(clock.retainedFrom());
        if (base < 0) {
            return List.of();
        }
        CursorAssembly.Sources src = cursors.sources(sv, true, false);
        List<RangeTombstone> tombs = new ArrayList<>();
        for (RangeTombstone t : src.tombstones().tombstones()) {
            if (t.sequence() <= latest && overlaps(t, from, single ? null : to, single)) {
                tombs.add(t);
            }
        }
        List<Version> out = new ArrayList<>();
        try (InternalIterator it = src.merged()) {
            if (from == null) {
                it.seekToFirst();
            } else {
                it.seek(InternalKey.seekKey(from, InternalKey.MAX_SEQUENCE));
            }
            KeyHistory key = null;
            for (; it.isValid(); it.next()) {
                byte[] ikey = it.key();
                if (InternalKey.kind(ikey) == InternalKey.SEEK_KIND) {
                    continue;
                }
                if (key == null || InternalKey.compareUserKey(ikey, key.user) != 0) {
                    if (key != null) {
                        key.finish(tombs, times, hooks, out);
                    }
                    byte[] user = InternalKey.userKey(ikey);
                    if (single ? !Arrays.equals(user, from) : to != null && Arrays.compareUnsigned(user, to) >= 0) {
                        key = null;
                        break;
                    }
                    key = new KeyHistory(user, base);
                }
                if (InternalKey.sequence(ikey) <= latest) {
                    key.add(ikey, it.value());
                }
            }
            if (key != null) {
                key.finish(tombs, times, hooks, out);
            }
        }
        return out;
    }

    private static boolean overlaps(RangeTombstone t, byte[] from, byte[] to, boolean single) {
        if (single) {
            return t.covers(from);
        }
        return (to == null || Arrays.compareUnsigned(t.start(), to) < 0)
                && (from == null || Arrays.compareUnsigned(from, t.end()) < 0);
    }

    /** One point version: its sequence, its stored value, and its kind ({@link ValueKind}). */
    private record Point(long seq, byte[] stored, int kind) { }

    /**
     * The versions of one key, gathered newest first, turned into its history. A merge operand is
     * a version whose value is the fold of everything below it, as a read at its sequence sees it.
     */
    private static final class KeyHistory {
        final byte[] user;
        final long base;
        /** Point versions above the base, newest first. */
        final List<Point> points = new ArrayList<>();
        /**
         * Point versions at or below the base, newest first: the newest, and below it the ones
         * its value folds (down to a put or a delete).
         */
        final List<Point> below = new ArrayList<>();

        KeyHistory(byte[] user, long base) {
            this.user = user;
            this.base = base;
        }

        void add(byte[] ikey, byte[] value) {
            Point p = new Point(InternalKey.sequence(ikey), value.clone(), InternalKey.kind(ikey));
            if (p.seq > base) {
                points.add(p);
            } else if (below.isEmpty() || below.get(below.size() - 1).kind == ValueKind.MERGE) {
                below.add(p);
            }
        }

        /** Appends the key's versions, newest first, to {@code out}. */
        void finish(List<RangeTombstone> tombs, CommitTimes times, KeyspaceHooks hooks, List<Version> out) {
            List<Long> ranges = new ArrayList<>();
            for (RangeTombstone t : tombs) {
                if (t.covers(user)) {
                    ranges.add(t.sequence());
                }
            }
            ranges.sort(null);
            List<Point> all = new ArrayList<>(points);
            all.addAll(below);
            List<Version> oldestFirst = new ArrayList<>();
            byte[] value = null;
            Point newestAtBase = null;
            boolean baseDone = false;
            int r = 0;
            for (int i = all.size() - 1; i >= -1; i--) {
                Point p = i >= 0 ? all.get(i) : null;
                long next = p == null ? Long.MAX_VALUE : p.seq;
                for (; r < ranges.size() && ranges.get(r) < next; r++) {
                    long seq = ranges.get(r);
                    if (seq > base && !baseDone) {
                        baseDone = baseVersion(value, newestAtBase, oldestFirst);
                    }
                    if (value != null && seq > base) {
                        long t = times.timeOf(seq);
                        oldestFirst.add(version(t < 0 ? times.firstTime() : t, null));
                    }
                    value = null;
                }
                if (p == null) {
                    break;
                }
                if (p.seq > base && !baseDone) {
                    baseDone = baseVersion(value, newestAtBase, oldestFirst);
                }
                byte[] stored = StoredValue.userValue(p.stored);
                if (p.kind == ValueKind.PUT) {
                    value = stored;
                } else if (p.kind == ValueKind.MERGE) {
                    value = hooks.fullMerge(user, value, List.of(stored));
                } else {
                    value = null;
                }
                if (p.seq > base) {
                    oldestFirst.add(version(StoredValue.writeTime(p.stored), value));
                } else {
                    newestAtBase = p;
                }
            }
            if (!baseDone) {
                baseVersion(value, newestAtBase, oldestFirst);
            }
            for (int i = oldestFirst.size() - 1; i >= 0; i--) {
                out.add(oldestFirst.get(i));
            }
        }

        /** What the key held when the window began, if it held a value then; always true (done). */
        private boolean baseVersion(byte[] value, Point newestAtBase, List<Version> oldestFirst) {
            if (value != null && newestAtBase != null) {
                oldestFirst.add(version(StoredValue.writeTime(newestAtBase.stored), value));
            }
            return true;
        }

        private Version version(long time, byte[] value) {
            return new Version(user, Instant.ofEpochMilli(time), value);
        }
    }
}

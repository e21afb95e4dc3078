// A lazy walk over the retained versions of one key or of a key range, for history: the merged
// iterator of a SuperVersion is read one user key at a time, and that key's versions (newest
// first, merge operands folded, range deletions shown) are handed out before the next key is
// read, so memory holds one key's versions, not the range's. The view is released when the walk
// ends or is closed (idempotent). Not thread-safe: one reader at a time, as a stream or iterator.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.StoreClosedException;
import dev.cairn.lsm.Version;
import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.internal.version.CommitTimes;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** The versions of the keys in a range, one key at a time; see the file comment. */
final class HistoryWalk implements Iterator<Version>, AutoCloseable {
    private final SuperVersion sv;
    private final CursorAssembly cursors;
    private final KeyspaceHooks hooks;
    private final CommitTimes times;
    private final byte[] from;
    private final byte[] to;
    private final boolean single;
    private final long latest;
    private final long base;
    private final List<RangeTombstone> tombs = new ArrayList<>();
    /** The versions of the key read last, newest first, not yet handed out. */
    private final ArrayDeque<Version> pending = new ArrayDeque<>();
    /** Null until the first read, and after the walk ended. */
    private InternalIterator it;
    private boolean started;
    private boolean done;

    /**
     * @param sv the view to read, referenced for this walk (released when it ends)
     * @param from first key, or null; the one key when {@code single}
     * @param to first key past the range, or null; unused when {@code single}
     * @param latest versions above this sequence are not shown (committed after the walk began)
     * @param base the window's pin: versions above it are inside the window; -1 when the
     *     commit-time map is empty (nothing to show)
     */
    HistoryWalk(SuperVersion sv, CursorAssembly cursors, KeyspaceHooks hooks, CommitTimes times, byte[] from, byte[] to,
                boolean single, long latest, long base) {
        this.sv = sv;
        this.cursors = cursors;
        this.hooks = hooks;
        this.times = times;
        this.from = from == null ? null : from.clone();
        this.to = to == null ? null : to.clone();
        this.single = single;
        this.latest = latest;
        this.base = base;
        if (base < 0) {
            close();
        }
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !done) {
            if (cursors.storeClosed()) {
                close();
                throw new StoreClosedException("the store was closed while its history was being read");
            }
            try {
                readKey();
            } catch (UncheckedIOException e) {
                close();
                throw Failures.wrap("history read failed", e);
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
        }
        return !pending.isEmpty();
    }

    @Override
    public Version next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more versions");
        }
        return pending.poll();
    }

    /** Reads the next user key's versions into {@link #pending}, or ends the walk. */
    private void readKey() {
        if (!started) {
            start();
        }
        KeyHistory key = null;
        for (; it.isValid(); it.next()) {
            byte[] ikey = it.key();
            if (InternalKey.kind(ikey) == InternalKey.SEEK_KIND) {
                continue;
            }
            if (key != null && InternalKey.compareUserKey(ikey, key.user) != 0) {
                break;
            }
            if (key == null) {
                byte[] user = InternalKey.userKey(ikey);
                if (single ? !Arrays.equals(user, from) : to != null && Arrays.compareUnsigned(user, to) >= 0) {
                    break;
                }
                key = new KeyHistory(user, base);
            }
            if (InternalKey.sequence(ikey) <= latest) {
                key.add(ikey, it.value());
            }
        }
        if (key == null) {
            close();
            return;
        }
        List<Version> out = new ArrayList<>();
        key.finish(tombs, times, hooks, out);
        pending.addAll(out);
        if (single) {
            close();
        }
    }

    private void start() {
        started = true;
        CursorAssembly.Sources src = cursors.sources(sv, true, false);
        for (RangeTombstone t : src.tombstones().tombstones()) {
            if (t.sequence() <= latest && overlaps(t)) {
                tombs.add(t);
            }
        }
        it = src.merged();
        if (from == null) {
            it.seekToFirst();
        } else {
            it.seek(InternalKey.seekKey(from, InternalKey.MAX_SEQUENCE));
        }
    }

    private boolean overlaps(RangeTombstone t) {
        if (single) {
            return t.covers(from);
        }
        return (to == null || Arrays.compareUnsigned(t.start(), to) < 0)
                && (from == null || Arrays.compareUnsigned(from, t.end()) < 0);
    }

    /** Ends the walk and releases its view; versions already read stay to be handed out. Idempotent. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            if (it != null) {
                it.close();
            }
        } finally {
            it = null;
            sv.unref();
        }
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

// Finds writes newer than a snapshot sequence, for transaction validation: whether a key, or any
// key in a range, was written (put, delete, or covered by a range tombstone) by a commit with a
// larger sequence. Exact while the snapshot is registered in the SnapshotList: compaction never
// drops the newest version of a key nor a tombstone newer than the oldest live snapshot (see
// compaction.Retention), so the evidence of every newer write stays in some source.
//
// Only sources that can hold a newer write are read: the memtables given, and the tables whose
// largest sequence is above the snapshot (usually the few flushed or compacted since; tables older
// than the snapshot are skipped without being opened). The range tombstones newer than the
// snapshot are gathered once. A key then costs a probe per memtable and, per newer table that may
// hold it, a bloom-filter probe (and a block read when the filter says maybe); a range costs a
// scan of the range in each such source, every version included. Built per check, used by one
// thread; holds the caller's references (the caller keeps the SuperVersion alive meanwhile).
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.key.FoundEntry;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.sstable.KeyHash;
import dev.cairn.lsm.internal.version.TableRegistry;
import dev.cairn.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.List;

/** The writes newer than one snapshot in a set of memtables and, optionally, a version's tables. */
final class NewerWrites {
    private static final long NEWEST = InternalKey.MAX_SEQUENCE;

    private final TableRegistry tables;
    private final List<MemTable> memtables;
    /** Null when only the memtables are checked. */
    private final Version version;
    private final long snapshot;
    private final List<RangeTombstone> newerTombstones = new ArrayList<>();

    /**
     * @param memtables the memtables to look in
     * @param version the tables to look in, or null for the memtables only
     * @param snapshot writes with a larger sequence count
     */
    NewerWrites(TableRegistry tables, List<MemTable> memtables, Version version, long snapshot) {
        this.tables = tables;
        this.memtables = memtables;
        this.version = version;
        this.snapshot = snapshot;
        for (MemTable m : memtables) {
            addNewer(m.rangeTombstones().tombstones());
        }
        if (version != null) {
            for (FileMetadata f : version.allFiles()) {
                if (f.largestSeq() > snapshot && f.rangeTombstones() > 0) {
                    addNewer(tables.tombstones(f).tombstones());
                }
            }
        }
    }

    private void addNewer(List<RangeTombstone> tombstones) {
        for (RangeTombstone t : tombstones) {
            if (t.sequence() > snapshot) {
                newerTombstones.add(t);
            }
        }
    }

    /** @return whether {@code key} was written after the snapshot */
    boolean keyWritten(byte[] key) {
        for (RangeTombstone t : newerTombstones) {
            if (t.covers(key)) {
                return true;
            }
        }
        long hash = KeyHash.hash64(key, 0, key.length);
        for (MemTable m : memtables) {
            FoundEntry e = m.get(key, hash, NEWEST);
            if (e != null && e.sequence() > snapshot) {
                return true;
            }
        }
        if (version == null) {
            return false;
        }
        for (FileMetadata f : version.files(0)) {
            if (f.largestSeq() > snapshot && inTable(f, key, hash, Version.outsideRange(f, key))) {
                return true;
            }
        }
        for (int level = 1; level < Version.NUM_LEVELS; level++) {
            int idx = version.findFile(level, key);
            if (idx >= 0) {
                FileMetadata f = version.files(level).get(idx);
                if (f.largestSeq() > snapshot && inTable(f, key, hash, 0)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean inTable(FileMetadata f, byte[] key, long hash, int outsideRange) {
        FoundEntry e = tables.reader(f).get(key, hash, NEWEST, true, outsideRange);
        return e != null && e.sequence() > snapshot;
    }

    /**
     * @param from first key, or null for unbounded
     * @param to first key past the range, or null for unbounded
     * @return a key in {@code [from, to)} written after the snapshot (for a newer range
     *     tombstone, where it meets the range), or null when none was
     */
    byte[] rangeWritten(byte[] from, byte[] to) {
        for (RangeTombstone t : newerTombstones) {
            if (KeyRanges.overlap(t.start(), t.end(), from, to)) {
                return KeyRanges.laterStart(t.start(), from);
            }
        }
        for (MemTable m : memtables) {
            byte[] k = scan(m.iterator(), from, to);
            if (k != null) {
                return k;
            }
        }
        if (version == null) {
            return null;
        }
        for (FileMetadata f : version.allFiles()) {
            if (f.largestSeq() > snapshot && Version.overlaps(f, from, to)) {
                byte[] k = scan(tables.reader(f).newIterator(true), from, to);
                if (k != null) {
                    return k;
                }
            }
        }
        return null;
    }

    /** Scans one source's entries in {@code [from, to)}, every version; closes the iterator. */
    private byte[] scan(InternalIterator it, byte[] from, byte[] to) {
        try (it) {
            if (from == null) {
                it.seekToFirst();
            } else {
                it.seek(InternalKey.seekKey(from, NEWEST));
            }
            for (; it.isValid(); it.next()) {
                byte[] ikey = it.key();
                if (to != null && InternalKey.compareUserKey(ikey, to) >= 0) {
                    return null;
                }
                if (InternalKey.sequence(ikey) > snapshot && !InternalKey.isRangeEndSentinel(ikey)) {
                    return InternalKey.userKey(ikey);
                }
            }
            return null;
        }
    }
}

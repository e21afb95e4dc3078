// Builds the public cursor over one SuperVersion (for the store opened for writing and the
// read-only store alike, so both read exactly alike): the merge of the memtables' iterators, one
// iterator per level-0 table and one level iterator per sorted level, under the range tombstones
// of every source, read at one sequence number. With cacheOnly, every table read is a probe that
// throws IncompleteReadException where the disk would be needed. Holds only final references;
// thread-safe (each cursor it builds is not).
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.iterator.MergingIterator;
import dev.cairn.lsm.internal.key.RangeTombstoneSet;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.IncompleteReadException;
import dev.cairn.lsm.internal.version.LevelIterator;
import dev.cairn.lsm.internal.version.TableRegistry;
import dev.cairn.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Opens {@link StoreCursor}s over a store's super versions. */
final class CursorAssembly {
    private final TableRegistry tables;
    private final LongSupplier expiredBefore;
    private final BooleanSupplier storeClosed;
    private final KeyspaceHooks hooks;
    private final WorkloadMeter meter;

    /**
     * @param tables the open tables
     * @param expiredBefore the TTL cut-off: values written before it are expired
     * @param storeClosed true once the store is closed (a cursor then refuses every call)
     * @param hooks the keyspace's merge operator, which folds the operands a cursor meets
     * @param meter the keyspace's workload meter, told of each cursor opened
     */
    CursorAssembly(TableRegistry tables, LongSupplier expiredBefore, BooleanSupplier storeClosed, KeyspaceHooks hooks,
                   WorkloadMeter meter) {
        this.tables = tables;
        this.expiredBefore = expiredBefore;
        this.storeClosed = storeClosed;
        this.hooks = hooks;
        this.meter = meter;
    }

    /**
     * @param sv the view to read; the cursor releases it when closed (the caller still owns it if
     *     this throws)
     * @param seq the sequence number to read at
     * @param fillCache whether blocks read may enter the block cache
     * @param cacheOnly whether reads that need the disk throw {@link IncompleteReadException}
     * @return the cursor, not yet positioned
     */
    Cursor open(SuperVersion sv, long seq, boolean fillCache, boolean cacheOnly) {
        return open(sv, seq, expiredBefore.getAsLong(), fillCache, cacheOnly);
    }

    /** As {@link #open(SuperVersion, long, boolean, boolean)}, with the TTL cut-off given (a read as of an instant). */
    Cursor open(SuperVersion sv, long seq, long expiredBefore, boolean fillCache, boolean cacheOnly) {
        meter.scan();
        Sources src = sources(sv, fillCache, cacheOnly);
        return new StoreCursor(src.merged(), seq, src.tombstones(), expiredBefore, storeClosed, sv::unref, hooks);
    }

    /**
     * What a read over {@code sv} merges: every version of every key, newest first per key, and
     * the range tombstones of every source.
     */
    record Sources(InternalIterator merged, RangeTombstoneSet tombstones) { }

    /** @return whether the store is closed (readers of a view then stop) */
    boolean storeClosed() {
        return storeClosed.getAsBoolean();
    }

    Sources sources(SuperVersion sv, boolean fillCache, boolean cacheOnly) {
        List<InternalIterator> children = new ArrayList<>();
        List<RangeTombstoneSet> tombs = new ArrayList<>();
        // An empty active memtable holds nothing this snapshot can see (writes fill it before
        // their sequence is published), so it is left out of the merge.
        if (!sv.mem.isEmpty()) {
            children.add(sv.mem.iterator());
        }
        // Loops by index and only non-empty tombstone sets: a seek opens a cursor each time, and
        // iterators, copied file lists and an empty union were most of what opening one allocated.
        addTombstones(tombs, sv.mem.rangeTombstones());
        List<MemTable> imms = sv.imms;
        for (int i = 0; i < imms.size(); i++) {
            children.add(imms.get(i).iterator());
            addTombstones(tombs, imms.get(i).rangeTombstones());
        }
        Version v = sv.version;
        List<FileMetadata> level0 = v.files(0);
        for (int i = 0; i < level0.size(); i++) {
            FileMetadata f = level0.get(i);
            children.add(cacheOnly ? tables.cachedReadIterator(f) : tables.readIterator(f, fillCache));
        }
        for (int level = 1; level < Version.NUM_LEVELS; level++) {
            List<FileMetadata> files = v.files(level);
            // A level iterator even for a level of one table, as LevelDB and RocksDB do: the
            // merge then sees the same kinds of children (memtables, level-0 tables, levels)
            // in a small store as in a large one. When a store grew its first two-table level
            // the JIT, which had inlined the merge's calls for the kinds it had seen,
            // deoptimized the whole scan loop and ran it interpreted while it recompiled:
            // most of a first scan of a 1 M-key store (JFR, two cpus).
            if (!files.isEmpty()) {
                children.add(new LevelIterator(files, tables, fillCache, cacheOnly));
            }
        }
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
            List<FileMetadata> files = v.files(level);
            for (int i = 0; i < files.size(); i++) {
                FileMetadata f = files.get(i);
                if (f.rangeTombstones() > 0) {
                    if (cacheOnly && tables.readerIfOpen(f) == null) {
                        throw new IncompleteReadException("table " + f.number() + "'s range tombstones are not in memory");
                    }
                    tombs.add(tables.tombstones(f));
                }
            }
        }
        InternalIterator merged = children.size() == 1 ? children.get(0) : new MergingIterator(children);
        return new Sources(merged, tombs.isEmpty() ? RangeTombstoneSet.EMPTY : RangeTombstoneSet.union(tombs));
    }

    private static void addTombstones(List<RangeTombstoneSet> tombs, RangeTombstoneSet set) {
        if (!set.isEmpty()) {
            tombs.add(set);
        }
    }
}

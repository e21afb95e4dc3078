// Builds a store cursor over one SuperVersion: the memtables, the level-0 tables and one level
// iterator per deeper level merged, with every range tombstone they hold. Shared by the store
// opened for writing and the read-only store, so both read exactly alike. Stateless.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.iterator.MergingIterator;
import dev.cairn.lsm.internal.key.RangeTombstoneSet;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.sstable.NotCachedException;
import dev.cairn.lsm.internal.version.LevelIterator;
import dev.cairn.lsm.internal.version.TableRegistry;
import dev.cairn.lsm.internal.version.Version;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Assembles cursors. */
final class CursorAssembly {
    private CursorAssembly() {
    }

    /**
     * @param sv the super version read; its reference passes to the cursor (dropped on failure)
     * @param tables the registry of its tables
     * @param options fillCache and the snapshot (already turned into {@code seq})
     * @param seq the sequence to read at
     * @param expiredBefore values written before this are expired (TTL)
     * @param closed whether the store has closed
     * @param cacheOnly read only memory (see StoreEngine#newCachedCursor)
     * @return the cursor
     */
    static Cursor open(SuperVersion sv, TableRegistry tables, ReadOptions options, long seq, long expiredBefore,
                       BooleanSupplier closed, boolean cacheOnly) {
        try {
            List<InternalIterator> children = new ArrayList<>();
            List<RangeTombstoneSet> tombs = new ArrayList<>();
            // An empty active memtable holds nothing this snapshot can see (writes fill it before
            // their sequence is published), so it is left out of the merge.
            if (!sv.mem.isEmpty()) {
                children.add(sv.mem.iterator());
            }
            tombs.add(sv.mem.rangeTombstones());
            for (MemTable m : sv.imms) {
                children.add(m.iterator());
                tombs.add(m.rangeTombstones());
            }
            Version v = sv.version;
            for (FileMetadata f : v.files(0)) {
                children.add(cacheOnly ? tables.cachedIterator(f) : tables.reader(f).newIterator(options.fillCache()));
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
                    children.add(new LevelIterator(files, tables, options.fillCache(), cacheOnly));
                }
            }
            for (FileMetadata f : v.allFiles()) {
                if (f.rangeTombstones() > 0) {
                    if (cacheOnly && tables.readerIfOpen(f) == null) {
                        throw new NotCachedException("table " + f.number() + "'s range tombstones");
                    }
                    tombs.add(tables.tombstones(f));
                }
            }
            InternalIterator merged = children.size() == 1 ? children.get(0) : new MergingIterator(children);
            return new StoreCursor(merged, seq, RangeTombstoneSet.union(tombs), expiredBefore, closed, sv::unref);
        } catch (RuntimeException e) {
            sv.unref();
            throw e instanceof UncheckedIOException u ? StoreEngine.wrap("cannot open cursor", u) : e;
        }
    }
}

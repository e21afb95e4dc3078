// The point-read path over a SuperVersion, newest source first, from memory and disk or from
// memory only; charges seek budgets in leveled stores. Holds only final references; thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.key.FoundEntry;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.merge.KeyspaceHooks;
import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.sstable.KeyHash;
import dev.cairn.lsm.internal.sstable.TableReader;
import dev.cairn.lsm.internal.version.TableRegistry;
import dev.cairn.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * The point-read path. Sources are visited newest first: the active memtable, the immutable
 * memtables, level-0 tables (by largest sequence), then one table per sorted level. The newest
 * version of the key visible at the snapshot wins, unless a visible range tombstone from a source
 * at least as new covers it with a higher sequence. Level-0 tables may overlap in sequence ranges
 * (size-tiered merges), so level 0 stops only when no remaining table can hold a newer version.
 * In a leveled store, a read that had to look into more than one table charges the first one's
 * seek allowance ({@link dev.cairn.lsm.internal.version.SeekBudget}), LevelDB's trigger for
 * compacting a table that reads keep looking past; a thread sends those charges
 * {@link #SEEK_BATCH} at a time. When the version found is a merge operand,
 * the walk runs again just below it, and again, collecting operands newest first until a value,
 * a tombstone (point or range), an expired version or the end, and the keyspace's merge operator
 * folds them. A version found is written into one of two holders the thread keeps (one for the
 * best level-0 version so far, one for the next probe), and a data block the cache will not
 * keep is read into that holder's buffer, so a read that finds its key allocates only the value
 * it returns (and, now and then, a block the cache admits). Stateless apart from its collaborators and those per-thread holders;
 * thread-safe.
 */
final class PointLookup {
    private final TableRegistry tables;
    private final StoreCounters counters;
    private final WorkloadMeter meter;
    private final boolean chargeSeeks;
    private final Runnable compactionWanted;
    private final KeyspaceHooks hooks;
    /** Each thread's reusable read state (see the class comment and {@link #charge}). */
    private static final ThreadLocal<ReadScratch> SCRATCH = ThreadLocal.withInitial(ReadScratch::new);
    /**
     * A thread sends its seek charges to the shared {@link dev.cairn.lsm.internal.version.SeekBudget}
     * this many at a time, on the table of the read that fills the batch: one atomic update where
     * there were as many, so concurrent readers do not serialize on the budget's cache line.
     */
    static final int SEEK_BATCH = 8;

    /** One thread's two holders of a version found, and the seek charges it has not sent yet. */
    private static final class ReadScratch {
        final FoundEntry first = FoundEntry.holder();
        final FoundEntry second = FoundEntry.holder();
        int unsentSeeks;
    }

    /**
     * @param tables the open tables
     * @param counters counts each answered read and the tables it looked into
     * @param meter the keyspace's workload meter, told of each answered read
     * @param chargeSeeks whether a read that looks into more than one table charges the first
     *     one's {@link dev.cairn.lsm.internal.version.SeekBudget} (the strategy compacts by seeks)
     * @param compactionWanted called when a charge asks for compaction work (see
     *     {@link dev.cairn.lsm.internal.version.SeekBudget#charge})
     * @param hooks the keyspace's merge operator, which folds the operands a read meets
     */
    PointLookup(TableRegistry tables, StoreCounters counters, WorkloadMeter meter, boolean chargeSeeks,
                Runnable compactionWanted, KeyspaceHooks hooks) {
        this.tables = tables;
        this.counters = counters;
        this.meter = meter;
        this.chargeSeeks = chargeSeeks;
        this.compactionWanted = compactionWanted;
        this.hooks = hooks;
    }

    /**
     * @param sv the reader's super version
     * @param key user key
     * @param snapshot sequence to read at
     * @param expiredBefore entries written before this epoch millis are treated as absent
     *     (Long.MIN_VALUE for no TTL)
     * @param fillCache whether blocks read may enter the cache
     * @return the user value or null
     */
    byte[] get(SuperVersion sv, byte[] key, long snapshot, long expiredBefore, boolean fillCache) {
        return lookup(sv, key, snapshot, expiredBefore, fillCache, false);
    }

    /** Returned by {@link #getCached} when the answer needs file I/O (compare by identity); never leaves the engine. */
    static final byte[] NEEDS_IO = new byte[0];

    /**
     * The same answer as {@link #get}, computed from memory only: memtables, open tables' bloom
     * filters, indexes and range tombstones, the block cache, and data blocks of mapped tables
     * whose pages the OS holds in its page cache (read as a memory copy). When a table would have
     * to be opened or a data block read from the disk, returns {@link #NEEDS_IO} instead. Lets a
     * caller on a thread that must not block (a coroutine dispatcher) answer in place and move to
     * an I/O thread only when needed, like RocksDB's {@code kBlockCacheTier} read tier.
     *
     * @return the user value, null when absent, or {@link #NEEDS_IO}
     */
    byte[] getCached(SuperVersion sv, byte[] key, long snapshot, long expiredBefore) {
        return lookup(sv, key, snapshot, expiredBefore, false, true);
    }

    /** Both reads; {@code cacheOnly} turns every table read into a probe. */
    private byte[] lookup(SuperVersion sv, byte[] key, long snapshot, long expiredBefore, boolean fillCache,
                          boolean cacheOnly) {
        // One hash serves every memtable's and table's filter.
        long hash = KeyHash.hash64(key, 0, key.length);
        FoundEntry e = newest(sv, key, hash, snapshot, fillCache, cacheOnly);
        if (e == TableReader.NOT_CACHED) {
            return NEEDS_IO;
        }
        meter.pointRead();
        if (e == null || e.kind() == ValueKind.DELETE || expired(e, expiredBefore)) {
            return null;
        }
        if (e.kind() == ValueKind.PUT) {
            return e.userValue();
        }
        List<byte[]> operands = new ArrayList<>();
        operands.add(e.userValue());
        byte[] base = null;
        while (e.sequence() > 0) {
            e = newest(sv, key, hash, e.sequence() - 1, fillCache, cacheOnly);
            if (e == TableReader.NOT_CACHED) {
                return NEEDS_IO;
            }
            if (e == null || e.kind() == ValueKind.DELETE || expired(e, expiredBefore)) {
                break;
            }
            if (e.kind() == ValueKind.PUT) {
                base = e.userValue();
                break;
            }
            operands.add(e.userValue());
        }
        return hooks.fullMergeNewestFirst(key, base, operands);
    }

    /**
     * @return the newest version of {@code key} visible at {@code snapshot}, null when there is none
     *     or a newer range tombstone covers it, or {@link TableReader#NOT_CACHED} when a cache-only
     *     read would need the disk
     */
    private FoundEntry newest(SuperVersion sv, byte[] key, long hash, long snapshot, boolean fillCache,
                              boolean cacheOnly) {
        long tomb = 0;
        // The holder the next source writes into, and the other one (see the class comment).
        ReadScratch scratch = SCRATCH.get();
        FoundEntry spare = scratch.first;
        FoundEntry other = scratch.second;
        // Memtables: each holds a contiguous, newer-than-everything-below sequence range.
        FoundEntry e = sv.mem.get(key, hash, snapshot, spare);
        tomb = Math.max(tomb, sv.mem.rangeTombstones().maxCoveringSeq(key, snapshot));
        if (e != null) {
            counters.pointRead(0);
            return visible(e, tomb);
        }
        // Indexed: an iterator over the list would be the read's one allocation.
        List<MemTable> imms = sv.imms;
        for (int i = 0; i < imms.size(); i++) {
            MemTable m = imms.get(i);
            tomb = Math.max(tomb, m.rangeTombstones().maxCoveringSeq(key, snapshot));
            e = m.get(key, hash, snapshot, spare);
            if (e != null) {
                counters.pointRead(0);
                return visible(e, tomb);
            }
        }
        Version v = sv.version;
        FoundEntry best = null;
        long bestSeq = -1;
        int probes = 0;
        int firstLevel = 0;
        int firstIndex = 0;
        List<FileMetadata> level0 = v.files(0);
        for (int i = 0; i < level0.size(); i++) {
            FileMetadata f = level0.get(i);
            if (f.largestSeq() <= bestSeq) {
                break;
            }
            if (f.smallestSeq() > snapshot) {
                continue;
            }
            // A key outside the table's range is answered like a bloom-filter negative, and
            // counted as no probe: no branch that only such (rare) keys take.
            int outside = Version.outsideRange(f, key);
            FoundEntry te = probe(f, key, hash, snapshot, fillCache, cacheOnly, outside, spare);
            if (te == TableReader.NOT_CACHED) {
                return te;
            }
            if (probes == 0) {
                firstIndex = i;
            }
            probes += 1 - outside;
            if (f.rangeTombstones() > 0) {
                tomb = Math.max(tomb, tables.tombstones(f).maxCoveringSeq(key, snapshot));
            }
            if (te != null && te.sequence() > bestSeq) {
                bestSeq = te.sequence();
                best = te;
                // Keep the best: the next table writes into the other holder.
                spare = other;
                other = te;
            }
        }
        if (best != null) {
            charge(scratch, v, probes, firstLevel, firstIndex);
            return visible(best, tomb);
        }
        for (int level = 1; level < Version.NUM_LEVELS; level++) {
            int idx = v.findFile(level, key);
            if (idx < 0) {
                continue;
            }
            FileMetadata f = v.files(level).get(idx);
            FoundEntry te = probe(f, key, hash, snapshot, fillCache, cacheOnly, 0, spare);
            if (te == TableReader.NOT_CACHED) {
                return te;
            }
            if (probes++ == 0) {
                firstLevel = level;
                firstIndex = idx;
            }
            if (f.rangeTombstones() > 0) {
                tomb = Math.max(tomb, tables.tombstones(f).maxCoveringSeq(key, snapshot));
            }
            if (te != null) {
                charge(scratch, v, probes, firstLevel, firstIndex);
                return visible(te, tomb);
            }
        }
        charge(scratch, v, probes, firstLevel, firstIndex);
        return null;
    }

    /**
     * Counts the answered read and its probes; LevelDB's rule: a read that looked into more than
     * one table charges the first one, here {@link #SEEK_BATCH} charges at a time per thread.
     */
    private void charge(ReadScratch scratch, Version v, int probes, int firstLevel, int firstIndex) {
        counters.pointRead(probes);
        if (chargeSeeks && probes > 1 && ++scratch.unsentSeeks == SEEK_BATCH) {
            scratch.unsentSeeks = 0;
            if (v.seeks().charge(firstLevel, firstIndex, SEEK_BATCH)) {
                compactionWanted.run();
            }
        }
    }

    /**
     * @return the table's newest entry for {@code key} at {@code snapshot}, or null; with
     *     {@code cacheOnly}, {@link TableReader#NOT_CACHED} when the table is not open or the block
     *     is not cached (then nothing was read)
     */
    private FoundEntry probe(FileMetadata f, byte[] key, long hash, long snapshot, boolean fillCache, boolean cacheOnly,
                             int outsideRange, FoundEntry into) {
        if (!cacheOnly) {
            return tables.blobs().resolve(tables.reader(f).get(key, hash, snapshot, fillCache, outsideRange, into), key);
        }
        TableReader reader = tables.readerIfOpen(f);
        FoundEntry e = reader == null ? TableReader.NOT_CACHED : reader.getIfCached(key, hash, snapshot, outsideRange, into);
        // A separated value needs a read of its blob file.
        return e != null && e != TableReader.NOT_CACHED && e.kind() == ValueKind.BLOB ? TableReader.NOT_CACHED : e;
    }

    /** @return the version found, or null when a newer range tombstone covers it */
    private static FoundEntry visible(FoundEntry e, long tomb) {
        return tomb > e.sequence() ? null : e;
    }

    /** @return whether the version expired under the TTL (it then reads as a tombstone) */
    private static boolean expired(FoundEntry e, long expiredBefore) {
        return expiredBefore != Long.MIN_VALUE && e.writeTime() < expiredBefore;
    }
}

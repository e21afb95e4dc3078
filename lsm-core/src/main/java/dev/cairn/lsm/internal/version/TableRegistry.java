// The open tables of a store and how many live versions name each; closes and deletes a table no
// version names. Thread-safe: counts under its own monitor, tables in concurrent maps.
package dev.cairn.lsm.internal.version;

import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.iterator.SliceIterator;
import dev.cairn.lsm.internal.key.RangeTombstoneSet;
import dev.cairn.lsm.internal.manifest.FileMetadata;
import dev.cairn.lsm.internal.sstable.BlockCache;
import dev.cairn.lsm.IncompleteReadException;
import dev.cairn.lsm.internal.sstable.TableReader;
import dev.cairn.lsm.internal.util.RefCounts;
import dev.cairn.lsm.internal.vlog.BlobFiles;
import dev.cairn.lsm.internal.vlog.BlobResolvingIterator;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import okio.FileSystem;
import okio.Path;

/**
 * The open tables of a store and how many live versions name each. A table is opened on first
 * use and stays open while any version names it; when the last such version is released the
 * table is closed, its blocks leave the cache and its file is deleted (compaction made it
 * obsolete). That release is handed to the store's {@code releaser}, which runs it on a
 * background thread when the last reference was dropped by a reader: unlinking a large file can
 * take a reader's thread for a good part of a second. Once close has begun closing every table,
 * nothing more is deleted (a release that close cancels earlier still deletes its obsolete file).
 * Thread-safe.
 */
public final class TableRegistry {
    private final FileSystem fs;
    private final Path dir;
    private final BlockCache cache;
    /** Final: opens the tables of an encrypted store; null when the store is not encrypted. */
    private final StoreCipher cipher;
    /** Guarded by this registry's monitor: how many live versions name each table. */
    private final RefCounts refs = new RefCounts();
    /** Concurrent: readers look tables up without a lock. */
    private final ConcurrentHashMap<Long, TableReader> open = new ConcurrentHashMap<>();
    /** Concurrent: each table's range tombstones, loaded once. */
    private final ConcurrentHashMap<Long, RangeTombstoneSet> tombstones = new ConcurrentHashMap<>();
    private final Consumer<Runnable> releaser;
    /** Bytes read from the tables, the store's counter (StoreStats.tableBytesRead). */
    private final LongAdder bytesRead;
    /** The blob files of the value log, which versions reference beside their tables. */
    private final BlobFiles blobs;
    /** Volatile: set once close begins closing every table. */
    private volatile boolean closing;

    /**
     * @param fs the store's file system
     * @param dir the store directory
     * @param cache the shared block cache, or null
     * @param cipher opens the tables of an encrypted store; null when the store is not encrypted
     * @param releaser runs the release of a table no live version names (now or later, but before
     *     the store finishes closing); called without any lock of this registry held
     * @param bytesRead adds every byte read from the tables (at open and by later reads)
     */
    public TableRegistry(FileSystem fs, Path dir, BlockCache cache, StoreCipher cipher, Consumer<Runnable> releaser,
            LongAdder bytesRead) {
        this.fs = fs;
        this.dir = dir;
        this.cache = cache;
        this.cipher = cipher;
        this.releaser = releaser;
        this.bytesRead = bytesRead;
        this.blobs = new BlobFiles(fs, dir, cipher, releaser, bytesRead);
    }

    /** @return the store's blob files (the value log) */
    public BlobFiles blobs() {
        return blobs;
    }

    /**
     * @param f a table named by a live version the caller holds
     * @param fillCache whether blocks read may enter the cache
     * @return an iterator over it for reads: blob pointers read as the values they point to
     *     (wrapped only while the store has blob files: a table holds pointers only then)
     */
    public SliceIterator readIterator(FileMetadata f, boolean fillCache) {
        SliceIterator it = reader(f).newIterator(fillCache);
        return blobs.isEmpty() ? it : new BlobResolvingIterator(it, blobs, false);
    }

    /**
     * @param f a table named by a live version the caller holds
     * @return {@link #cachedIterator} for reads: a blob pointer throws {@link IncompleteReadException}
     */
    public SliceIterator cachedReadIterator(FileMetadata f) {
        SliceIterator it = cachedIterator(f);
        return blobs.isEmpty() ? it : new BlobResolvingIterator(it, blobs, true);
    }

    synchronized void ref(FileMetadata f) {
        refs.ref(f.number());
    }

    void unref(long number) {
        TableReader r;
        synchronized (this) {
            if (!refs.release(number)) {
                return;
            }
            tombstones.remove(number);
            r = open.remove(number);
        }
        releaser.accept(() -> release(number, r));
    }

    /** Closes an obsolete table's reader, drops its blocks from the cache and deletes its file. */
    private void release(long number, TableReader r) {
        if (r != null) {
            r.close();
        }
        if (cache != null) {
            cache.evictFile(number);
        }
        if (!closing) {
            try {
                fs.delete(dir.resolve(FileNames.table(number)), false);
            } catch (IOException e) {
                // An undeleted obsolete table is removed at the next open.
            }
        }
    }

    /**
     * @param f a table named by a live version the caller holds
     * @return its open reader
     */
    public TableReader reader(FileMetadata f) {
        TableReader r = open.get(f.number());
        if (r != null) {
            return r;
        }
        synchronized (this) {
            r = open.get(f.number());
            if (r == null) {
                if (!refs.contains(f.number())) {
                    throw new LsmException("table " + FileNames.table(f.number()) + " is not live");
                }
                r = TableReader.open(fs, dir.resolve(FileNames.table(f.number())), f.number(), cache, cipher, bytesRead);
                open.put(f.number(), r);
            }
            return r;
        }
    }

    /**
     * @param f a table named by a live version the caller holds
     * @return its reader when the table is already open, else null (opening it would read the file)
     */
    public TableReader readerIfOpen(FileMetadata f) {
        return open.get(f.number());
    }

    /**
     * @param f a table named by a live version the caller holds
     * @return a cache-only iterator over it ({@link TableReader#newCachedIterator()})
     * @throws IncompleteReadException when the table is not open (opening it would read the file)
     */
    public SliceIterator cachedIterator(FileMetadata f) {
        TableReader r = open.get(f.number());
        if (r == null) {
            throw new IncompleteReadException("table " + FileNames.table(f.number()) + " is not in memory");
        }
        return r.newCachedIterator();
    }

    /**
     * @param f a table named by a live version the caller holds
     * @return its range tombstones, fragmented (cached)
     */
    public RangeTombstoneSet tombstones(FileMetadata f) {
        if (f.rangeTombstones() == 0) {
            return RangeTombstoneSet.EMPTY;
        }
        RangeTombstoneSet set = tombstones.get(f.number());
        if (set == null) {
            set = RangeTombstoneSet.of(reader(f).rangeTombstones());
            tombstones.put(f.number(), set);
        }
        return set;
    }

    /** @return the shared block cache, or null */
    public BlockCache cache() {
        return cache;
    }

    /** Closes every open table without deleting anything. */
    public synchronized void closeAll() {
        closing = true;
        for (TableReader r : open.values()) {
            r.close();
        }
        open.clear();
        blobs.closeAll();
    }
}

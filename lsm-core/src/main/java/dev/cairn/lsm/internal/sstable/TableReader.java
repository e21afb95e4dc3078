// An open table file: footer, index, filter, properties and range tombstones are read and
// verified at open and kept in memory; data blocks are read on demand through the block cache.
// Thread-safe: all state is immutable after open, reads are positional on one FileHandle, and the
// cache is thread-safe. close() closes the file handle; use after close is the caller's bug.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.IncompleteReadException;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.internal.crypto.FileCipher;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.StoreFiles;
import dev.cairn.lsm.internal.iterator.SliceIterator;
import dev.cairn.lsm.internal.key.FoundEntry;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.util.Bytes;
import dev.cairn.lsm.internal.util.VarInt;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/** Reads a table written by {@link TableBuilder}. */
public final class TableReader implements Closeable {
    private final TableFile file;
    private final long fileNumber;
    private final BlockCache cache;
    private final Block index;
    /** The index's handles decoded at open, or null (then lookups parse the index block). */
    private final IndexHandles handles;
    private final BloomFilter filter;
    private final TableProperties properties;
    private final List<RangeTombstone> rangeTombstones;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TableReader(TableFile file, long fileNumber, BlockCache cache, Block index, BloomFilter filter,
            TableProperties properties, List<RangeTombstone> rangeTombstones) {
        this.file = file;
        this.fileNumber = fileNumber;
        this.cache = cache;
        this.index = index;
        this.handles = index.restartPrefixes() == null ? null : IndexHandles.of(index);
        this.filter = filter;
        this.properties = properties;
        this.rangeTombstones = rangeTombstones;
    }

    /**
     * Opens a table: checks the footer (magic, checksum, version, block handles) and reads the
     * index, filter, properties and range-tombstone blocks.
     *
     * @param fs file system holding the table
     * @param path the table file
     * @param fileNumber the table's file number (block cache key)
     * @param cache shared block cache, or null for none
     * @throws CorruptionException naming the file and offset when the table is damaged
     * @throws UncheckedIOException when the file cannot be opened or read
     */
    public static TableReader open(FileSystem fs, Path path, long fileNumber, BlockCache cache) {
        return open(fs, path, fileNumber, cache, null, null);
    }

    /**
     * As {@link #open(FileSystem, Path, long, BlockCache)} for a table of a store whose files are
     * encrypted when {@code cipher} is not null: the table must then be encrypted (a plain one is
     * corrupt), and must not be otherwise.
     *
     * @param cipher the store's cipher, or null for an unencrypted store
     * @throws LsmException if the table is encrypted and there is no cipher, or its key is another
     */
    public static TableReader open(FileSystem fs, Path path, long fileNumber, BlockCache cache, StoreCipher cipher) {
        return open(fs, path, fileNumber, cache, cipher, null);
    }

    /**
     * As {@link #open(FileSystem, Path, long, BlockCache, StoreCipher)}, counting every byte read
     * from the file.
     *
     * @param bytesRead adds the bytes read from the file, now and by later reads; null for none
     */
    public static TableReader open(FileSystem fs, Path path, long fileNumber, BlockCache cache, StoreCipher cipher,
            LongAdder bytesRead) {
        String name = path.toString();
        FileHandle handle;
        try {
            handle = StoreFiles.openTable(fs, path);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot open table", e);
        }
        TableFile file = null;
        try {
            file = new TableFile(handle, name, bytesRead);
            long size = file.size();
            if (size < Footer.SIZE) {
                throw new CorruptionException(name + ": file of " + size + " bytes is too short for a table footer,"
                        + " at offset 0");
            }
            long footerOffset = size - Footer.SIZE;
            byte[] footerBytes = new byte[Footer.SIZE];
            file.readFully(footerOffset, footerBytes, 0, Footer.SIZE);
            Footer footer = Footer.decode(footerBytes, name, footerOffset);
            file = file.openedFor(footer, footerOffset, cipher, fileNumber);
            Block index = file.readIndexBlock(footer.index()).withSearchAid();
            BloomFilter filter = null;
            if (footer.filter() != BlockHandle.NONE) {
                BlockTrailer.Contents c = file.readContents(footer.filter(), FileCipher.FILTER_BLOCK);
                filter = new BloomFilter(c.data(), c.length(), name, footer.filter().offset());
            }
            BlockTrailer.Contents pc = file.readContents(footer.properties(), FileCipher.PROPERTIES_BLOCK);
            TableProperties props = PropertiesBlock.decode(pc.data(), pc.length(), name, footer.properties().offset(),
                    size);
            BlockTrailer.Contents tc = file.readContents(footer.rangeTombstones(), FileCipher.RANGE_TOMBSTONE_BLOCK);
            List<RangeTombstone> tombstones = RangeTombstoneBlock.decode(tc.data(), tc.length(), name,
                    footer.rangeTombstones().offset());
            if (tombstones.size() != props.rangeTombstones()) {
                throw new CorruptionException(name + ": properties count " + props.rangeTombstones()
                        + " range tombstones but the block at offset " + footer.rangeTombstones().offset()
                        + " holds " + tombstones.size());
            }
            return new TableReader(file, fileNumber, cache, index, filter, props, tombstones);
        } catch (IOException e) {
            closeQuietly(file, handle);
            throw new UncheckedIOException(name + ": cannot read table", e);
        } catch (RuntimeException | Error e) {
            closeQuietly(file, handle);
            throw e;
        }
    }

    private static void closeQuietly(TableFile file, FileHandle handle) {
        try {
            handle.close();
        } catch (IOException | RuntimeException ignored) {
            // the original failure is what matters
        }
    }

    /**
     * Finds the newest version of {@code userKey} with sequence {@code <= snapshotSeq}: a put or a
     * point delete (inspect the key's kind). Range tombstones are not applied here.
     *
     * @param fillCache whether a data block read from disk goes into the block cache
     * @return the entry (fresh arrays), or null when this table holds no visible version
     */
    public FoundEntry get(byte[] userKey, long snapshotSeq, boolean fillCache) {
        return find(userKey, KeyHash.hash64(userKey, 0, userKey.length), snapshotSeq, fillCache, false, 0,
                new FoundEntry());
    }

    /**
     * {@link #get}, for a caller that has already checked the key against the table's range and
     * hashed it.
     *
     * @param keyHash {@link KeyHash#hash64} of the user key
     * @param outsideRange 1 when the key lies outside the table's range: the answer is then null,
     *     reached through the bloom filter's "absent" exit rather than a branch of its own
     */
    public FoundEntry get(byte[] userKey, long keyHash, long snapshotSeq, boolean fillCache, int outsideRange) {
        return find(userKey, keyHash, snapshotSeq, fillCache, false, outsideRange, new FoundEntry());
    }

    /**
     * {@link #get(byte[], long, long, boolean, int)} written into a holder the caller reuses, so
     * a hit allocates nothing.
     *
     * @param into filled with the entry found (and returned); untouched when none is
     * @return {@code into}, or null
     */
    public FoundEntry get(byte[] userKey, long keyHash, long snapshotSeq, boolean fillCache, int outsideRange,
                          FoundEntry into) {
        return find(userKey, keyHash, snapshotSeq, fillCache, false, outsideRange, into);
    }

    /** Returned by {@link #getIfCached} when the answer needs a data block that is not in the cache. */
    public static final FoundEntry NOT_CACHED = new FoundEntry(new byte[0], 0, new byte[0], 0, 0);

    /**
     * Like {@link #get(byte[], long, long, boolean, int)} with the same answers, but never waits for
     * the disk: when the data block that would answer is neither in the block cache nor resident
     * in memory (a mapped table's pages in the OS page cache, see {@link TableFile#isResident}),
     * returns {@link #NOT_CACHED} (compare by identity). The bloom filter and the index are in
     * memory.
     *
     * @return the entry, null when this table holds no visible version, or {@link #NOT_CACHED}
     */
    public FoundEntry getIfCached(byte[] userKey, long keyHash, long snapshotSeq, int outsideRange) {
        return find(userKey, keyHash, snapshotSeq, false, true, outsideRange, new FoundEntry());
    }

    /** {@link #getIfCached(byte[], long, long, int)} written into {@code into}, as {@link #get(byte[], long, long, boolean, int, FoundEntry)}. */
    public FoundEntry getIfCached(byte[] userKey, long keyHash, long snapshotSeq, int outsideRange, FoundEntry into) {
        return find(userKey, keyHash, snapshotSeq, false, true, outsideRange, into);
    }

    /** One lookup for both reads; {@code cacheOnly} takes the data block only from memory (see memoryDataBlock). */
    private FoundEntry find(byte[] userKey, long keyHash, long snapshotSeq, boolean fillCache, boolean cacheOnly,
                            int outsideRange, FoundEntry into) {
        if ((outsideRange | (filter == null || filter.mayContain(keyHash) ? 0 : 1)) != 0) {
            return null;
        }
        // The thread's probe: its target and iterator are reused, so a cached lookup allocates
        // nothing here (see PointProbe).
        PointProbe probe = PointProbe.local();
        byte[] target = probe.target(userKey, snapshotSeq);
        BlockIterator it = probe.iterator(index);
        // The decoded index names the block without a look at the index block, unless two
        // separators share the target's 8-byte prefix (see RestartPrefixes#firstAtOrAfter).
        int entry = handles == null ? RestartPrefixes.UNDECIDED : index.restartPrefixes().firstAtOrAfter(target);
        if (entry >= 0) {
            probe.handleOffset = handles.offset(entry);
            probe.handleSize = handles.size(entry);
        } else if (entry == RestartPrefixes.PAST_END) {
            return null;
        } else {
            it.seek(target);
            if (!it.isValid()) {
                return null;
            }
            if (!probe.decodeHandle(it)) {
                throw index.corrupt("bad block handle in index entry");
            }
        }
        Block block = cache == null ? null : cacheOnly ? cache.probe(fileNumber, probe.handleOffset)
                : cache.get(fileNumber, probe.handleOffset);
        if (block == null) {
            // A miss: the cache was asked once already (and counted it).
            BlockHandle h = new BlockHandle(probe.handleOffset, probe.handleSize);
            if (cacheOnly) {
                if (!file.isResident(h)) {
                    return NOT_CACHED;
                }
                block = dataBlock(h, true);
            } else if (cache != null && fillCache
                    && cache.admits(fileNumber, h.offset(), (int) probe.handleSize + BlockTrailer.SIZE + 48)) {
                block = file.readBlock(h, null);
                cache.put(fileNumber, h.offset(), block);
            } else {
                // Not kept: read into the holder's buffer (when it lends one), where the entry
                // found stays valid until the holder is refilled.
                // A size the file cannot hold gets no buffer: the read refuses it as corrupt.
                long size = probe.handleSize;
                block = file.readBlockInto(h, size >= 0 && size <= file.size()
                        ? into.buffer((int) size + BlockTrailer.SIZE) : null);
            }
        }
        it.reset(block);
        it.seekForGet(target, keyHash);
        if (!it.isValid() || !it.currentUserKeyEquals(userKey)) {
            return null;
        }
        // The value stays a slice of the block (a cached one, or the holder's buffer): the read
        // copies only what it returns.
        long trailer = Bytes.getLong(it.keyArray(), it.keyOffset() + it.keyLength() - InternalKey.TRAILER);
        return into.set(userKey, trailer, it.valueArray(), it.valueOffset(), it.valueLength());
    }

    /** @return false only when the bloom filter proves {@code userKey} absent (true without a filter) */
    public boolean mayContain(byte[] userKey) {
        return filter == null || filter.mayContain(userKey, 0, userKey.length);
    }

    /**
     * @param fillCache whether data blocks read from disk go into the block cache (false for
     *     compaction and long scans)
     * @return a new, unpositioned iterator over the point entries; not thread-safe
     */
    public SliceIterator newIterator(boolean fillCache) {
        return new TableIterator(this, index.newIterator(), fillCache, false);
    }

    /**
     * @return a new, unpositioned iterator that never waits for the disk: a move that needs a data
     *     block neither cached nor resident in memory throws {@link IncompleteReadException}; not thread-safe
     */
    public SliceIterator newCachedIterator() {
        return new TableIterator(this, index.newIterator(), false, true);
    }

    /** @return the range tombstones stored in this table (unmodifiable) */
    public List<RangeTombstone> rangeTombstones() {
        return rangeTombstones;
    }

    /** @return the properties read at open (fileSize is the file's actual size) */
    public TableProperties properties() {
        return properties;
    }

    /** @return the file number given at open */
    public long fileNumber() {
        return fileNumber;
    }

    /** @return the file size in bytes */
    public long fileSize() {
        return file.size();
    }

    /** Closes the file handle; idempotent. Cached blocks stay until evicted. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            file.close();
        }
    }

    /**
     * Positions {@code it}, an iterator over this table's index, on the first entry at or after
     * {@code target}: straight there when the decoded index decides (see
     * {@link RestartPrefixes#firstAtOrAfter}), else by a seek in the block.
     */
    void seekIndex(BlockIterator it, byte[] target) {
        int entry = handles == null ? RestartPrefixes.UNDECIDED : index.restartPrefixes().firstAtOrAfter(target);
        if (entry >= 0) {
            it.positionAtRestart(entry);
        } else {
            it.seek(target);
        }
    }

    /** Decodes the block handle stored as the value of the index entry under {@code it}. */
    BlockHandle blockHandle(BlockIterator it) {
        byte[] a = it.valueArray();
        int[] pos = {it.valueOffset()};
        int limit = it.valueOffset() + it.valueLength();
        try {
            long offset = VarInt.readUnsigned(a, pos, limit);
            long size = VarInt.readUnsigned(a, pos, limit);
            return new BlockHandle(offset, size);
        } catch (CorruptionException e) {
            throw index.corrupt("bad block handle in index entry");
        }
    }

    /**
     * Returns the data block at {@code h} when it can be had without waiting for the disk: from the
     * block cache, or read from the file when its bytes are resident in memory (a mapped table in
     * the page cache; such a read is cached as an ordinary one is).
     *
     * @return the block, or null when getting it would need the disk
     */
    private Block memoryDataBlock(BlockHandle h) {
        Block b = cache == null ? null : cache.probe(fileNumber, h.offset());
        if (b == null && file.isResident(h)) {
            b = dataBlock(h, true);
        }
        return b;
    }

    /** As {@link #memoryDataBlock}; throws {@link IncompleteReadException} instead of returning null. */
    Block cachedDataBlock(BlockHandle h) {
        Block b = memoryDataBlock(h);
        if (b == null) {
            throw new IncompleteReadException(file.fileName() + " block at offset " + h.offset() + " is not in memory");
        }
        return b;
    }

    /** Returns the data block at {@code h}, from the cache when possible. */
    Block dataBlock(BlockHandle h, boolean fillCache) {
        return dataBlock(h, fillCache, null);
    }

    /** As {@link #dataBlock(BlockHandle, boolean)}; a file read goes through {@code readahead} when not null. */
    Block dataBlock(BlockHandle h, boolean fillCache, Readahead readahead) {
        if (cache == null) {
            return file.readBlock(h, readahead);
        }
        Block b = cache.get(fileNumber, h.offset());
        if (b != null) {
            if (readahead != null) {
                readahead.passed(h.offset(), (int) h.size() + BlockTrailer.SIZE);
            }
            return b;
        }
        b = file.readBlock(h, readahead);
        if (fillCache) {
            cache.offer(fileNumber, h.offset(), b);
        }
        return b;
    }
}

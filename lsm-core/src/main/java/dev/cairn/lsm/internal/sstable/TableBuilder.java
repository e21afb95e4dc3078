// Writes one table file: data blocks, then filter, range-tombstone, properties and index blocks,
// then the footer (docs/format.md, "SSTable"); with a cipher in the options, the encryption header
// first and every block sealed (docs/format.md, "Encryption"). Not thread-safe: one writer thread owns it. Writes
// go through the caller's FileHandle, which this class never closes; finish() ends with
// handle.flush(), which fsyncs.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.internal.crypto.FileCipher;
import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.util.VarInt;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import okio.FileHandle;

/**
 * Builds a sorted string table from entries added in strictly increasing internal-key order.
 * I/O failures surface as {@link UncheckedIOException}.
 */
public final class TableBuilder implements Closeable {
    private static final int WRITE_BUFFER = 64 * 1024;
    private static final Comparator<RangeTombstone> TOMBSTONE_ORDER = (a, b) -> {
        int c = Arrays.compareUnsigned(a.start(), b.start());
        return c != 0 ? c : Long.compare(b.sequence(), a.sequence());
    };

    private final FileHandle handle;
    private final TableOptions options;
    private final long creationTime;
    private final String fileName;
    private final BlockBuilder dataBlock;
    private final BlockBuilder indexBlock = new BlockBuilder(1);
    private final BloomFilterBuilder bloom;
    private final List<RangeTombstone> tombstones = new ArrayList<>();
    /** Seals every block of an encrypted table, else null. */
    private final FileCipher cipher;

    private byte[] writeBuffer = new byte[WRITE_BUFFER];
    private int buffered;
    private long flushedOffset;

    private byte[] lastKey;
    private byte[] firstKey;
    private byte[] lastKeyOfBlock;
    private BlockHandle pendingHandle;
    private final byte[] handleScratch = new byte[20];

    private long entries;
    private long pointTombstones;
    private long minSequence = Long.MAX_VALUE;
    private long maxSequence = Long.MIN_VALUE;
    private long minWriteTime = Long.MAX_VALUE;
    private long maxWriteTime = Long.MIN_VALUE;
    private long rawKeyBytes;
    private long rawValueBytes;
    private boolean done;
    /** Where data blocks go as they are written ({@link #cacheDataBlocks}), or null. */
    private BlockCache warmCache;
    private long warmFileNumber;

    /**
     * @param handle an empty file opened read-write; the caller keeps ownership
     * @param options block size, restart interval, bloom bits, compression
     * @param creationTime epoch milliseconds recorded in the properties
     * @param fileName the file's name, for messages
     */
    public TableBuilder(FileHandle handle, TableOptions options, long creationTime, String fileName) {
        this(handle, options, creationTime, fileName, -1);
    }

    /**
     * As {@link #TableBuilder(FileHandle, TableOptions, long, String)}, for the table that will be
     * opened as {@code fileNumber}; an encrypted table (a cipher in the options) needs it, since
     * its blocks are bound to it.
     *
     * @param fileNumber the table's file number, or -1 when unknown (then the options must have no cipher)
     */
    public TableBuilder(FileHandle handle, TableOptions options, long creationTime, String fileName, long fileNumber) {
        if (options.cipher() != null && fileNumber < 0) {
            throw new IllegalArgumentException(fileName + ": an encrypted table needs its file number");
        }
        this.handle = handle;
        this.options = options;
        this.creationTime = creationTime;
        this.fileName = fileName;
        this.dataBlock = new BlockBuilder(options.restartInterval(), options.blockHashIndex());
        this.bloom = options.bloomBitsPerKey() > 0 ? new BloomFilterBuilder(options.bloomBitsPerKey()) : null;
        this.cipher = options.cipher() == null ? null : options.cipher().create(FileKind.TABLE, fileNumber, fileName);
        if (cipher != null) {
            byte[] header = cipher.header();
            append(header, 0, header.length);
        }
    }

    /**
     * Appends a point entry.
     *
     * @param internalKey encoded internal key, strictly after the previous one in internal order
     * @param storedValue stored value (varint write time + user value)
     * @throws IllegalStateException if the key is out of order or the builder is finished
     */
    public void add(byte[] internalKey, byte[] storedValue) {
        requireOpen();
        if (internalKey.length < InternalKey.TRAILER) {
            throw new IllegalArgumentException(fileName + ": internal key shorter than its trailer");
        }
        if (lastKey != null && InternalKey.compare(lastKey, internalKey) >= 0) {
            throw new IllegalStateException(fileName + ": key " + InternalKey.describe(internalKey)
                    + " does not sort after " + InternalKey.describe(lastKey));
        }
        long writeTime = StoredValue.writeTime(storedValue);
        if (pendingHandle != null) {
            addIndexEntry(separator(lastKeyOfBlock, internalKey));
        }
        if (bloom != null && (lastKey == null || !InternalKey.sameUserKey(lastKey, internalKey))) {
            bloom.add(internalKey, 0, internalKey.length - InternalKey.TRAILER);
        }
        dataBlock.add(internalKey, storedValue);
        if (firstKey == null) {
            firstKey = internalKey.clone();
        }
        lastKey = internalKey.clone();
        entries++;
        if (InternalKey.kind(internalKey) == ValueKind.DELETE) {
            pointTombstones++;
        }
        noteSequence(InternalKey.sequence(internalKey));
        minWriteTime = Math.min(minWriteTime, writeTime);
        maxWriteTime = Math.max(maxWriteTime, writeTime);
        rawKeyBytes += internalKey.length;
        rawValueBytes += storedValue.length;
        if (dataBlock.estimatedSize() >= options.blockSize()) {
            flushDataBlock();
        }
    }

    /** Records a range tombstone; tombstones may arrive in any order. */
    public void addRangeTombstone(RangeTombstone t) {
        requireOpen();
        tombstones.add(t);
        noteSequence(t.sequence());
    }

    /** @return the file size if the table were finished now (approximate) */
    public long estimatedFileSize() {
        return flushedOffset + buffered + dataBlock.estimatedSize() + indexBlock.estimatedSize() + Footer.SIZE;
    }

    /** @return point entries added so far */
    public long entryCount() {
        return entries;
    }

    /**
     * Writes the remaining data block, the filter, range-tombstone, properties and index blocks and
     * the footer, then flushes (fsyncs) the handle.
     *
     * @return the table's properties, including the final file size
     */
    public TableProperties finish() {
        requireOpen();
        flushDataBlock();
        if (pendingHandle != null) {
            addIndexEntry(successor(lastKeyOfBlock));
        }
        BlockHandle filterHandle = BlockHandle.NONE;
        if (bloom != null) {
            byte[] filter = bloom.finish();
            filterHandle = writeBlock(filter, filter.length, FileCipher.FILTER_BLOCK);
        }
        tombstones.sort(TOMBSTONE_ORDER);
        ByteSink rt = RangeTombstoneBlock.encode(tombstones);
        BlockHandle tombstoneHandle = writeBlock(rt.array(), rt.length(), FileCipher.RANGE_TOMBSTONE_BLOCK);
        boolean empty = entries == 0 && tombstones.isEmpty();
        TableProperties props = new TableProperties(entries, pointTombstones, tombstones.size(), firstKey, lastKey,
                empty ? 0 : minSequence, empty ? 0 : maxSequence, entries == 0 ? 0 : minWriteTime,
                entries == 0 ? 0 : maxWriteTime, creationTime, rawKeyBytes, rawValueBytes, 0);
        ByteSink pb = PropertiesBlock.encode(props);
        BlockHandle propsHandle = writeBlock(pb.array(), pb.length(), FileCipher.PROPERTIES_BLOCK);
        byte[] index = indexBlock.finish();
        BlockHandle indexHandle = writeBlock(index, indexBlock.length(), FileCipher.INDEX_BLOCK);
        byte[] footer = new Footer(indexHandle, filterHandle, propsHandle, tombstoneHandle, cipher != null).encode();
        append(footer, 0, footer.length);
        flushBuffer();
        try {
            handle.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(fileName + ": fsync failed", e);
        }
        done = true;
        long fileSize = flushedOffset;
        return new TableProperties(props.entryCount(), props.pointTombstones(), props.rangeTombstones(),
                props.smallestKey(), props.largestKey(), props.minSequence(), props.maxSequence(),
                props.minWriteTime(), props.maxWriteTime(), creationTime, rawKeyBytes, rawValueBytes, fileSize);
    }

    /** Abandons an unfinished table (the caller deletes the file). Does not close the handle. */
    @Override
    public void close() {
        done = true;
        writeBuffer = null;
    }

    private void requireOpen() {
        if (done) {
            throw new IllegalStateException(fileName + ": table builder already finished or closed");
        }
    }

    private void noteSequence(long seq) {
        minSequence = Math.min(minSequence, seq);
        maxSequence = Math.max(maxSequence, seq);
    }

    private void flushDataBlock() {
        if (dataBlock.isEmpty()) {
            return;
        }
        byte[] block = dataBlock.finish();
        pendingHandle = writeBlock(block, dataBlock.length(), FileCipher.DATA_BLOCK);
        lastKeyOfBlock = lastKey;
        dataBlock.reset();
    }

    private void addIndexEntry(byte[] separator) {
        int n = VarInt.writeUnsigned(handleScratch, 0, pendingHandle.offset());
        n = VarInt.writeUnsigned(handleScratch, n, pendingHandle.size());
        indexBlock.add(separator, handleScratch, 0, n);
        pendingHandle = null;
    }

    /**
     * Puts each data block into {@code cache} as it is written, as if read back, for a table that
     * reads will find at once (the output of a compaction that reads asked for). The blocks are
     * keyed by {@code fileNumber}, the number the table will be opened under.
     */
    public void cacheDataBlocks(BlockCache cache, long fileNumber) {
        this.warmCache = cache;
        this.warmFileNumber = fileNumber;
    }

    /** @param role what the block is ({@link FileCipher#DATA_BLOCK}...): only data blocks are compressed and cached */
    private BlockHandle writeBlock(byte[] block, int length, int role) {
        boolean isData = role == FileCipher.DATA_BLOCK;
        long offset = flushedOffset + buffered;
        byte[] stored = BlockTrailer.encode(block, length,
                isData ? options.compression() : dev.cairn.lsm.Compression.NONE, cipher, role, offset);
        append(stored, 0, stored.length);
        if (isData && warmCache != null) {
            // A plain, uncompressed block's stored bytes begin with its contents: the cache can hold them.
            byte[] contents = cipher == null && stored.length == length + BlockTrailer.SIZE ? stored
                    : Arrays.copyOf(block, length);
            warmCache.put(warmFileNumber, offset, new Block(contents, length, fileName, offset));
        }
        return new BlockHandle(offset, stored.length - BlockTrailer.SIZE);
    }

    private void append(byte[] b, int off, int len) {
        if (buffered + len > writeBuffer.length) {
            flushBuffer();
            if (len > writeBuffer.length) {
                write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, writeBuffer, buffered, len);
        buffered += len;
    }

    private void flushBuffer() {
        if (buffered > 0) {
            int n = buffered;
            buffered = 0;
            write(writeBuffer, 0, n);
        }
    }

    private void write(byte[] b, int off, int len) {
        try {
            handle.write(flushedOffset, b, off, len);
        } catch (Exception e) {
            // okio's write does not declare IOException to Java but can throw it
            if (e instanceof IOException io) {
                throw new UncheckedIOException(fileName + ": write failed at offset " + flushedOffset, io);
            }
            throw e;
        }
        flushedOffset += len;
    }

    /**
     * A key {@code s} with {@code last <= s < next} in internal order, shorter than {@code last} when
     * the user keys allow it (LevelDB's idea): the shortened user key gets the largest trailer, so
     * it sorts before every real entry of that user key.
     */
    static byte[] separator(byte[] last, byte[] next) {
        int lastLen = last.length - InternalKey.TRAILER;
        int nextLen = next.length - InternalKey.TRAILER;
        int min = Math.min(lastLen, nextLen);
        int i = Arrays.mismatch(last, 0, min, next, 0, min);
        if (i < 0 || i + 1 >= lastLen) {
            return last;
        }
        int b = last[i] & 0xFF;
        if (b == 0xFF || b + 1 >= (next[i] & 0xFF)) {
            return last;
        }
        byte[] user = Arrays.copyOf(last, i + 1);
        user[i] = (byte) (b + 1);
        return InternalKey.encode(user, InternalKey.MAX_SEQUENCE, InternalKey.SEEK_KIND);
    }

    /** A short key {@code >= last}: its user key's first non-0xFF byte incremented, then cut. */
    static byte[] successor(byte[] last) {
        int lastLen = last.length - InternalKey.TRAILER;
        for (int i = 0; i + 1 < lastLen; i++) {
            int b = last[i] & 0xFF;
            if (b != 0xFF) {
                byte[] user = Arrays.copyOf(last, i + 1);
                user[i] = (byte) (b + 1);
                return InternalKey.encode(user, InternalKey.MAX_SEQUENCE, InternalKey.SEEK_KIND);
            }
        }
        return last;
    }
}

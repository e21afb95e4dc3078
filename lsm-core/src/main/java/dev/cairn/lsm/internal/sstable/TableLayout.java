// The blocks of one table file laid open for inspection tools (cairn sst, cairn verify): the
// footer's handles, the index's entries, and a check of any block that reports what is wrong
// instead of stopping at the first damage. Reads through the same TableFile, Footer and
// BlockTrailer as the engine, so it checks exactly what a read would check (an encrypted table's
// blocks are opened with the store's cipher, as the engine opens them). Read-only; not
// thread-safe (one owner); close() closes the file.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.crypto.FileCipher;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.FileNames;
import dev.cairn.lsm.internal.io.StoreFiles;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.util.VarInt;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/** A table file's footer and index, and checks of its blocks one at a time. */
public final class TableLayout implements Closeable {
    /**
     * One data block as the index names it.
     *
     * @param separator the index key (an internal key at or after the block's last key)
     * @param handle where the block is stored
     */
    public record IndexEntry(byte[] separator, BlockHandle handle) { }

    /**
     * What checking one block found.
     *
     * @param handle the block
     * @param compression the trailer's type byte (0 none, 1 LZ4), or -1 when it could not be read
     * @param entries entries decoded (data and index blocks), 0 for other blocks
     * @param firstKey the first internal key (data blocks), or null
     * @param lastKey the last internal key (data blocks), or null
     * @param problem what is wrong with the block, or null when it is intact
     */
    public record BlockCheck(BlockHandle handle, int compression, int entries, byte[] firstKey, byte[] lastKey,
                             String problem) { }

    private final TableFile file;
    private final Footer footer;
    private final List<IndexEntry> index;

    private TableLayout(TableFile file, Footer footer, List<IndexEntry> index) {
        this.file = file;
        this.footer = footer;
        this.index = index;
    }

    /**
     * Opens a table and reads its footer and index (both checked).
     *
     * @param fs the file system holding the table
     * @param path the table file
     * @return the layout
     * @throws CorruptionException naming the file and offset when the footer or index is damaged
     * @throws UncheckedIOException when the file cannot be read
     */
    public static TableLayout open(FileSystem fs, Path path) {
        return open(fs, path, null);
    }

    /**
     * As {@link #open(FileSystem, Path)} for a table of a store encrypted with {@code cipher}
     * (null: not encrypted); the table's file number comes from its name.
     *
     * @throws dev.cairn.lsm.LsmException if the table is encrypted and there is no cipher, or it
     *     was written with another key
     */
    public static TableLayout open(FileSystem fs, Path path, StoreCipher cipher) {
        String name = path.toString();
        FileHandle handle;
        try {
            handle = StoreFiles.openReadOnly(fs, path);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot open table", e);
        }
        TableFile file = null;
        try {
            file = new TableFile(handle, name);
            long size = file.size();
            if (size < Footer.SIZE) {
                throw new CorruptionException(name + ": file of " + size
                        + " bytes is too short for a table footer, at offset 0");
            }
            byte[] footerBytes = new byte[Footer.SIZE];
            file.readFully(size - Footer.SIZE, footerBytes, 0, Footer.SIZE);
            Footer footer = Footer.decode(footerBytes, name, size - Footer.SIZE);
            FileNames.ParsedName parsed = FileNames.parse(path.name());
            file = file.openedFor(footer, size - Footer.SIZE, cipher, parsed == null ? -1 : parsed.number());
            Block indexBlock = file.readIndexBlock(footer.index());
            List<IndexEntry> entries = new ArrayList<>();
            BlockIterator it = indexBlock.newIterator();
            for (it.seekToFirst(); it.isValid(); it.next()) {
                entries.add(new IndexEntry(it.key(), decodeHandle(it, name, footer.index().offset())));
            }
            return new TableLayout(file, footer, Collections.unmodifiableList(entries));
        } catch (IOException e) {
            closeQuietly(handle);
            throw new UncheckedIOException(name + ": cannot read table", e);
        } catch (RuntimeException | Error e) {
            closeQuietly(handle);
            throw e;
        }
    }

    private static BlockHandle decodeHandle(BlockIterator it, String name, long indexOffset) {
        byte[] v = it.value();
        int[] pos = {0};
        try {
            long offset = VarInt.readUnsigned(v, pos, v.length);
            long size = VarInt.readUnsigned(v, pos, v.length);
            return new BlockHandle(offset, size);
        } catch (CorruptionException e) {
            throw new CorruptionException(name + ": bad block handle in index entry in block at offset " + indexOffset, e);
        }
    }

    private static void closeQuietly(FileHandle handle) {
        try {
            handle.close();
        } catch (IOException | RuntimeException ignored) {
            // the original failure is what matters
        }
    }

    /** @return the file's size in bytes */
    public long fileSize() {
        return file.size();
    }

    /** @return the index block's handle */
    public BlockHandle indexHandle() {
        return footer.index();
    }

    /** @return the filter block's handle, or {@link BlockHandle#NONE} */
    public BlockHandle filterHandle() {
        return footer.filter();
    }

    /** @return the properties block's handle */
    public BlockHandle propertiesHandle() {
        return footer.properties();
    }

    /** @return the range-tombstone block's handle */
    public BlockHandle rangeTombstonesHandle() {
        return footer.rangeTombstones();
    }

    /** @return the data blocks in file order, as the index names them */
    public List<IndexEntry> dataBlocks() {
        return index;
    }

    /**
     * @return the decoded properties block (file size from the file)
     * @throws CorruptionException when the block is damaged
     */
    public TableProperties properties() {
        BlockTrailer.Contents c = file.readContents(footer.properties(), FileCipher.PROPERTIES_BLOCK);
        return PropertiesBlock.decode(c.data(), c.length(), file.fileName(), footer.properties().offset(), file.size());
    }

    /**
     * @return the decoded range tombstones
     * @throws CorruptionException when the block is damaged
     */
    public List<RangeTombstone> rangeTombstones() {
        BlockTrailer.Contents c = file.readContents(footer.rangeTombstones(), FileCipher.RANGE_TOMBSTONE_BLOCK);
        return RangeTombstoneBlock.decode(c.data(), c.length(), file.fileName(), footer.rangeTombstones().offset());
    }

    /**
     * The filter block described: its kind, probe count and bits.
     *
     * @param blocked the cache-line-blocked kind (else the flat kind of older tables)
     * @param probes bits probed per key
     * @param bits bits in the filter
     */
    public record FilterShape(boolean blocked, int probes, long bits) { }

    /**
     * @return the filter's shape, or null when the table has none
     * @throws CorruptionException when the block is damaged
     */
    public FilterShape filter() {
        if (footer.filter() == BlockHandle.NONE) {
            return null;
        }
        BlockTrailer.Contents c = file.readContents(footer.filter(), FileCipher.FILTER_BLOCK);
        new BloomFilter(c.data(), c.length(), file.fileName(), footer.filter().offset());
        int marker = c.data()[c.length() - 1] & 0xFF;
        boolean blocked = (marker & BloomFilter.BLOCKED_MARKER) != 0;
        return new FilterShape(blocked, blocked ? marker & ~BloomFilter.BLOCKED_MARKER : marker, (c.length() - 1) * 8L);
    }

    /**
     * Checks one block: its trailer checksum and compression (and, encrypted, its seal), and for a
     * data block that every entry decodes, every key is an internal key, and keys ascend.
     *
     * @param h the block
     * @param dataBlock whether it is a data block (entries decoded and ordered); else the index block
     * @return what was found; damage is reported in {@link BlockCheck#problem()}, never thrown
     */
    public BlockCheck check(BlockHandle h, boolean dataBlock) {
        int type = compressionType(h);
        try {
            BlockTrailer.Contents c = file.readContents(h, dataBlock ? FileCipher.DATA_BLOCK : FileCipher.INDEX_BLOCK);
            if (!dataBlock) {
                return new BlockCheck(h, type, 0, null, null, null);
            }
            Block block = new Block(c.data(), c.length(), file.fileName(), h.offset());
            BlockIterator it = block.newIterator();
            int n = 0;
            byte[] first = null;
            byte[] previous = null;
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length < InternalKey.TRAILER) {
                    return new BlockCheck(h, type, n, first, previous, "entry " + n + " has a key of " + key.length
                            + " bytes, shorter than an internal key's trailer");
                }
                if (previous != null && InternalKey.compare(previous, key) >= 0) {
                    return new BlockCheck(h, type, n, first, previous, "entry " + n + " is out of order ("
                            + InternalKey.describe(key) + " after " + InternalKey.describe(previous) + ")");
                }
                first = first == null ? key : first;
                previous = key;
                n++;
            }
            return new BlockCheck(h, type, n, first, previous, null);
        } catch (CorruptionException e) {
            return new BlockCheck(h, type, 0, null, null, e.getMessage());
        }
    }

    private int compressionType(BlockHandle h) {
        if (h.offset() < 0 || h.size() < 0 || h.offset() + h.size() >= file.size()) {
            return -1;
        }
        byte[] type = new byte[1];
        try {
            file.readFully(h.offset() + h.size(), type, 0, 1);
        } catch (CorruptionException | UncheckedIOException e) {
            return -1;
        }
        return type[0];
    }

    /** Closes the file. */
    @Override
    public void close() {
        file.close();
    }
}

// Positional, checksummed block reads from one table file through one okio FileHandle; in an
// encrypted table each block is also opened by the file's cipher (decided once, at open: a plain
// table's reads take one null check more, no call). Thread-safe: reads are positional; a handle
// that is a PositionalRead is read without Okio's per-handle lock, any other through
// FileHandle.read, which takes it. Owns the handle: close() closes it. Adds every byte it reads
// to the store's counter, if given.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.internal.crypto.EncryptionHeader;
import dev.cairn.lsm.internal.crypto.FileCipher;
import dev.cairn.lsm.internal.crypto.FileKind;
import dev.cairn.lsm.internal.crypto.StoreCipher;
import dev.cairn.lsm.internal.io.PositionalRead;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.LongAdder;
import okio.FileHandle;

/** A table file open for reading: knows its name and size; reads verified blocks. */
final class TableFile implements Closeable {
    private final FileHandle handle;
    /** The handle when it reads without a lock, else null. */
    private final PositionalRead direct;
    private final String fileName;
    private final long size;
    /** Opens the blocks of an encrypted table, else null. */
    private final FileCipher cipher;

    /** Bytes read from table files, the store's counter; null for none. */
    private final LongAdder bytesRead;

    TableFile(FileHandle handle, String fileName) throws IOException {
        this(handle, fileName, null);
    }

    /** @param bytesRead adds the bytes read, or null */
    TableFile(FileHandle handle, String fileName, LongAdder bytesRead) throws IOException {
        this(handle, fileName, handle.size(), null, bytesRead);
    }

    private TableFile(FileHandle handle, String fileName, long size, FileCipher cipher, LongAdder bytesRead) {
        this.handle = handle;
        this.direct = handle instanceof PositionalRead p ? p : null;
        this.fileName = fileName;
        this.size = size;
        this.cipher = cipher;
        this.bytesRead = bytesRead;
    }

    /**
     * The file as its footer says it must be read: an encrypted table (footer format version 2)
     * through the file cipher its header and {@code storeCipher} give, a plain one as it is.
     *
     * @param footerOffset where the footer lies, for messages
     * @param storeCipher the store's cipher, or null when the store is not encrypted
     * @param fileNumber the number the table's name gives it (its header must carry the same)
     * @return this file (the same handle), reading blocks through the table's cipher when it has one
     * @throws LsmException if the table is encrypted and there is no cipher, or its key is another
     * @throws CorruptionException if the table is plain and the store is not, or the header is damaged
     */
    TableFile openedFor(Footer footer, long footerOffset, StoreCipher storeCipher, long fileNumber) {
        if (!footer.sealed()) {
            if (storeCipher != null) {
                throw new CorruptionException(fileName + ": the table is not encrypted, but the store is (format version "
                        + Footer.FORMAT_VERSION + " at offset " + (footerOffset + 64) + ")");
            }
            return this;
        }
        if (storeCipher == null) {
            throw new LsmException(fileName + ": the table is encrypted, and the store was opened without a key"
                    + " (StoreOptions.builder().encryption(...))");
        }
        byte[] header = new byte[EncryptionHeader.SIZE];
        readFully(0, header, 0, header.length);
        FileCipher fileCipher = storeCipher.open(FileKind.TABLE, fileNumber, fileName, header, 0, header.length, 0);
        return new TableFile(handle, fileName, size, fileCipher, bytesRead);
    }

    String fileName() {
        return fileName;
    }

    long size() {
        return size;
    }

    /** Reads exactly {@code len} bytes at {@code offset} (looping over short reads). */
    void readFully(long offset, byte[] dst, int off, int len) {
        if (offset < 0 || offset > size - len) {
            throw new CorruptionException(fileName + ": read of " + len + " bytes at offset " + offset
                    + " runs past the end of the file (" + size + " bytes)");
        }
        int done = 0;
        while (done < len) {
            int n;
            try {
                n = direct != null ? direct.readAt(offset + done, dst, off + done, len - done)
                        : handle.read(offset + done, dst, off + done, len - done);
            } catch (IOException e) {
                throw new UncheckedIOException(fileName + ": read failed at offset " + (offset + done), e);
            }
            if (n < 0) {
                throw new CorruptionException(fileName + ": unexpected end of file at offset " + (offset + done));
            }
            done += n;
        }
        if (bytesRead != null) {
            bytesRead.add(len);
        }
    }

    /**
     * @return whether the block at {@code h} (with its trailer) is known to be in memory, see
     *     {@link PositionalRead#isResident}
     */
    boolean isResident(BlockHandle h) {
        return direct != null && h.size() <= Integer.MAX_VALUE - 64
                && direct.isResident(h.offset(), (int) h.size() + BlockTrailer.SIZE);
    }

    /**
     * Reads, checks, opens (in an encrypted table) and decompresses the block at {@code h}.
     *
     * @param role what the block is ({@link FileCipher#DATA_BLOCK}...)
     */
    BlockTrailer.Contents readContents(BlockHandle h, int role) {
        return readContents(h, role, null);
    }

    /** As {@link #readContents(BlockHandle, int)}, through {@code readahead} when not null. */
    private BlockTrailer.Contents readContents(BlockHandle h, int role, Readahead readahead) {
        return readContents(h, role, readahead, null);
    }

    /**
     * As {@link #readContents(BlockHandle, int, Readahead)}; without read-ahead, the stored bytes
     * are read into {@code buffer} when it is not null and large enough (then a plain block's
     * contents are the buffer itself).
     */
    private BlockTrailer.Contents readContents(BlockHandle h, int role, Readahead readahead, byte[] buffer) {
        if (h.size() < 0 || h.size() > Integer.MAX_VALUE - 64 || h.offset() < 0
                || h.offset() > size - h.size() - BlockTrailer.SIZE) {
            throw new CorruptionException(fileName + ": block handle (" + h.offset() + ", " + h.size()
                    + ") lies outside the file (" + size + " bytes), at offset " + h.offset());
        }
        int stored = (int) h.size();
        byte[] raw;
        if (readahead == null) {
            int length = stored + BlockTrailer.SIZE;
            raw = buffer != null && buffer.length >= length ? buffer : new byte[length];
            readFully(h.offset(), raw, 0, length);
        } else {
            raw = readahead.read(this, h.offset(), stored + BlockTrailer.SIZE);
        }
        return BlockTrailer.decode(raw, stored, fileName, h.offset(), cipher, role);
    }

    /** Reads the index block. */
    Block readIndexBlock(BlockHandle h) {
        BlockTrailer.Contents c = readContents(h, FileCipher.INDEX_BLOCK, null);
        return new Block(c.data(), c.length(), fileName, h.offset());
    }

    /**
     * Reads a data block into {@code buffer} (see {@link #readContents(BlockHandle, int, Readahead,
     * byte[])}): the block may share the buffer, so it is valid only until the buffer's next use
     * and must not be cached.
     */
    Block readBlockInto(BlockHandle h, byte[] buffer) {
        BlockTrailer.Contents c = readContents(h, FileCipher.DATA_BLOCK, null, buffer);
        return new Block(c.data(), c.length(), fileName, h.offset());
    }

    /** Reads a data block, through {@code readahead} (an iterator's) when not null. */
    Block readBlock(BlockHandle h, Readahead readahead) {
        BlockTrailer.Contents c = readContents(h, FileCipher.DATA_BLOCK, readahead);
        return new Block(c.data(), c.length(), fileName, h.offset());
    }

    @Override
    public void close() {
        try {
            handle.close();
        } catch (IOException e) {
            throw new LsmException(fileName + ": close failed", e);
        }
    }
}

// A write-ahead log's handle on Linux: appends are copies into a shared memory mapping of the
// file instead of one pwrite system call each. A copy into a MAP_SHARED mapping lands in the
// kernel's page cache the moment the store instructions retire, so an acknowledged append
// survives kill -9 exactly as a returned pwrite does; fdatasync (flush) writes back pages dirtied
// through the mapping as it does pages dirtied by write() — on Linux, where this handle is used.
//
// Append-only contract: every write lands at or after the end of the earlier ones, on bytes that
// are still zero. The file is kept zero-filled (real blocks, written with pwrite) ahead of every
// copy, ZERO_CHUNK bytes at a time, so a copy never faults on a hole or an unallocated block and a
// full disk shows as an IOException before the mapping is touched, never as a SIGBUS. (Mapping a
// window extends the file to the window's end; the part past the zeros is a hole no copy touches
// until its zeros are written.) Readers take the zeros (or hole) after the last record as the end
// of the log (docs/format.md, "WAL").
//
// Tearing under kill -9: each write copies everything but its first 8 bytes, then those 8 bytes
// with ONE 8-byte store. A log write always begins with a record header (LogWriter never writes
// leading padding), so a process killed mid-append leaves either the whole record or an all-zero
// header, which readers take as the end of the log. (The store is one instruction once the JIT has
// compiled this method; before that it may be split, and a kill in that instant leaves a damaged
// last record, which the default recovery mode drops as a torn tail.)
//
// A file system that refuses the mapping (IOException from map) gets ordinary positional writes
// from then on: the zeros ahead are already written, so the contract above still holds.
//
// One writer at a time (the group-commit leader); reads, size and flush may come from others.
package dev.cairn.lsm.internal.io;

import dev.cairn.lsm.internal.util.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/** A {@link ChannelFileHandle} whose writes go through a memory mapping (see the file comment). */
final class MappedLogHandle extends ChannelFileHandle {
    /** Bytes of the file each mapping starts apart; a mapping also covers {@link #OVERHANG} more. */
    static final int WINDOW = 4 << 20;
    /** Each mapping reaches this far into the next window, so the head store of a write fits. */
    private static final int OVERHANG = 4096;
    /** The source of the zeros written ahead of the copies; never written into. */
    private static final byte[] ZEROS = new byte[64 << 10];
    /**
     * Zeros are written ahead of the copies this many bytes at a time (a whole window at once made
     * every open write and sync 4 MiB: a third of a small store's open).
     */
    static final int ZERO_CHUNK = 256 << 10;

    /** Maps {@code size} bytes of the file from {@code start} for reading and writing. */
    @FunctionalInterface
    interface Mapper {
        MappedByteBuffer map(long start, int size) throws IOException;
    }

    private final Mapper mapper;
    /** The file system refused a mapping: every write goes through the channel. */
    private boolean unmappable;
    /** The file holds written bytes (data or zeros) up to here. */
    private long zeroedTo;
    private MappedByteBuffer current;
    private long currentWindow = -1;
    private MappedByteBuffer previous;
    private long previousWindow = -1;

    MappedLogHandle(FileChannel channel) throws IOException {
        this(channel, (start, size) -> channel.map(FileChannel.MapMode.READ_WRITE, start, size));
    }

    /** @param mapper how windows are mapped (tests substitute one that fails) */
    MappedLogHandle(FileChannel channel, Mapper mapper) throws IOException {
        super(true, channel);
        this.mapper = mapper;
        this.zeroedTo = channel.size();
    }

    @Override
    protected void protectedWrite(long fileOffset, byte[] array, int arrayOffset, int byteCount) throws IOException {
        if (byteCount <= 0) {
            return;
        }
        if (unmappable) {
            super.protectedWrite(fileOffset, array, arrayOffset, byteCount);
            return;
        }
        long head = Bytes.getLongPadded(array, arrayOffset, arrayOffset + byteCount);
        try {
            zeroAhead(fileOffset + byteCount);
            long at = fileOffset + 8;
            int from = arrayOffset + 8;
            int left = byteCount - 8;
            while (left > 0) {
                long window = at / WINDOW;
                int index = (int) (at - window * WINDOW);
                int n = Math.min(left, WINDOW - index);
                mapping(window).put(index, array, from, n);
                at += n;
                from += n;
                left -= n;
            }
            long window = fileOffset / WINDOW;
            mapping(window).putLong((int) (fileOffset - window * WINDOW), head);
        } catch (UnmappableException e) {
            // The whole record through the channel: the same bytes over any part already copied.
            unmappable = true;
            dropMappings();
            super.protectedWrite(fileOffset, array, arrayOffset, byteCount);
        } catch (InternalError e) {
            // HotSpot's report of a fault (SIGBUS) inside a copy to mapped memory.
            throw new IOException("write to the mapped log failed at offset " + fileOffset, e);
        }
    }

    /** The file system refused a mapping; its zeros ahead were written. */
    private static final class UnmappableException extends IOException {
        UnmappableException(IOException cause) {
            super(cause);
        }
    }

    /** @return the mapping of {@code window}, made (with the zeros it covers written) when missing */
    private MappedByteBuffer mapping(long window) throws IOException {
        if (window == currentWindow) {
            return current;
        }
        if (window == previousWindow) {
            MappedByteBuffer m = previous;
            previous = current;
            previousWindow = currentWindow;
            current = m;
            currentWindow = window;
            return m;
        }
        long start = window * WINDOW;
        MappedByteBuffer m;
        try {
            m = mapper.map(start, WINDOW + OVERHANG);
        } catch (IOException e) {
            throw new UnmappableException(e);
        }
        previous = current;
        previousWindow = currentWindow;
        current = m;
        currentWindow = window;
        return m;
    }

    /** Writes zeros up to at least {@code end}, rounded up to a whole {@link #ZERO_CHUNK}. */
    private void zeroAhead(long end) throws IOException {
        if (end > zeroedTo) {
            writeZerosTo((end + ZERO_CHUNK - 1) / ZERO_CHUNK * ZERO_CHUNK);
        }
    }

    private void writeZerosTo(long end) throws IOException {
        while (zeroedTo < end) {
            ByteBuffer zeros = ByteBuffer.wrap(ZEROS, 0, (int) Math.min(ZEROS.length, end - zeroedTo));
            while (zeros.hasRemaining()) {
                zeroedTo += channel.write(zeros, zeroedTo);
            }
        }
    }

    /**
     * Writes the first {@link #ZERO_CHUNK} of zeros and syncs them, before anything is appended.
     * Without it the first synced append also writes back those zeros and the file's new size.
     */
    void prepareFirstWindow() throws IOException {
        zeroAhead(1);
        channel.force(false);
    }

    @Override
    protected void protectedResize(long size) throws IOException {
        dropMappings();
        super.protectedResize(size);
        zeroedTo = size;
    }

    @Override
    protected void protectedClose() throws IOException {
        dropMappings();
        super.protectedClose();
    }

    /** The mappings are released by the garbage collector once unreachable (Java 17 has no unmap). */
    private void dropMappings() {
        current = null;
        previous = null;
        currentWindow = -1;
        previousWindow = -1;
    }
}

// A table file's read handle on Linux: a read copies from a read-only memory mapping of the whole
// file instead of making a pread system call. A point read that misses the block cache then costs
// a copy of the block instead of a system call, a temporary direct buffer and a second copy.
//
// Tables never change once written, so the mapping shows exactly what a read would. A read that
// reaches past the mapped size (the file grew, or the read runs off its end) goes through the
// channel, which answers as a positional read does. A fault inside the copy (the file truncated
// underneath the store, a disk error) arrives as HotSpot's InternalError and leaves as an
// IOException. A file too large for one mapping, or a file system that refuses to map, gets
// positional reads throughout.
//
// The mapping is released by the garbage collector once the handle is closed and unreachable:
// Java 17 has no safe unmap, and a reader still inside a copy after an explicit unmap would crash
// the JVM, where a read of a closed channel only throws. A deleted table's disk space is returned
// then. isResident asks the kernel (mincore) whether a range's pages are in the page cache, so a
// caller that must not block can read them itself. Thread-safe.
package dev.cairn.lsm.internal.io;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/** A read-only {@link ChannelFileHandle} whose reads copy from a memory mapping (see the file comment). */
final class MappedTableHandle extends ChannelFileHandle {
    /** The whole file as it was at open, or null when it could not be mapped. */
    private final MappedByteBuffer mapping;
    private final long mappedSize;

    MappedTableHandle(FileChannel channel) throws IOException {
        super(false, channel);
        long size = channel.size();
        MappedByteBuffer m = null;
        if (size > 0 && size <= Integer.MAX_VALUE) {
            try {
                m = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            } catch (IOException | UnsupportedOperationException e) {
                m = null; // positional reads instead
            }
        }
        this.mapping = m;
        this.mappedSize = m == null ? 0 : size;
    }

    /** @return whether reads come from a mapping (false after the file system refused one) */
    boolean mapped() {
        return mapping != null;
    }

    /** Asks the OS (mincore) whether every page of the range is in the page cache. */
    @Override
    public boolean isResident(long fileOffset, int byteCount) {
        if (mapping == null || byteCount <= 0 || fileOffset < 0 || fileOffset > mappedSize - byteCount) {
            return false;
        }
        return mapping.slice((int) fileOffset, byteCount).isLoaded();
    }

    @Override
    protected int protectedRead(long fileOffset, byte[] array, int arrayOffset, int byteCount) throws IOException {
        if (mapping == null || fileOffset < 0 || fileOffset > mappedSize - byteCount) {
            return super.protectedRead(fileOffset, array, arrayOffset, byteCount);
        }
        try {
            mapping.get((int) fileOffset, array, arrayOffset, byteCount);
        } catch (InternalError e) {
            throw new IOException("read of the mapped table failed at offset " + fileOffset, e);
        }
        return byteCount;
    }
}

// An Okio FileHandle over a FileChannel with positional reads and writes (no seek, no lock) and
// fdatasync as flush. Thread-safe.
package dev.cairn.lsm.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import okio.FileHandle;

/**
 * An Okio {@link FileHandle} over a {@link FileChannel} using positional reads and writes
 * ({@code pread}/{@code pwrite}): one system call per operation and no lock, so concurrent
 * readers of one table do not serialize, unlike Okio's own handle (a {@code RandomAccessFile}
 * doing seek-then-read under a monitor). {@link #flush()} is {@code fdatasync}
 * ({@code force(false)}), which on Linux also persists a grown file size. Used only on the
 * default file system; any other file system keeps its own handles. Thread-safe.
 */
class ChannelFileHandle extends FileHandle implements PositionalRead {
    /** The open channel every operation goes through. */
    final FileChannel channel;

    ChannelFileHandle(boolean readWrite, FileChannel channel) {
        super(readWrite);
        this.channel = channel;
    }

    @Override
    public int readAt(long fileOffset, byte[] array, int arrayOffset, int byteCount) throws IOException {
        return protectedRead(fileOffset, array, arrayOffset, byteCount);
    }

    @Override
    protected int protectedRead(long fileOffset, byte[] array, int arrayOffset, int byteCount) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(array, arrayOffset, byteCount);
        int total = 0;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, fileOffset + total);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    @Override
    protected void protectedWrite(long fileOffset, byte[] array, int arrayOffset, int byteCount) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(array, arrayOffset, byteCount);
        long at = fileOffset;
        while (buf.hasRemaining()) {
            at += channel.write(buf, at);
        }
    }

    @Override
    protected void protectedFlush() throws IOException {
        channel.force(false);
    }

    @Override
    protected void protectedResize(long size) throws IOException {
        long current = channel.size();
        if (size < current) {
            channel.truncate(size);
        } else if (size > current) {
            channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
    }

    @Override
    protected long protectedSize() throws IOException {
        return channel.size();
    }

    @Override
    protected void protectedClose() throws IOException {
        channel.close();
    }
}

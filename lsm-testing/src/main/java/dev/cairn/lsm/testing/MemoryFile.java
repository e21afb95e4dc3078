// One regular file of a CrashFileSystem: the bytes reads see now, and the bytes a power cut
// would leave (those present at the last sync). Not thread-safe: the owning CrashFileSystem
// calls it only while holding its own monitor.
package dev.cairn.lsm.testing;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

/**
 * A file's live and durable contents. The durable copy is refreshed by {@link #sync()}; between
 * syncs, {@code dirtyFrom} is the lowest offset changed, so everything below it is the same in
 * both copies and a sync copies only the changed tail.
 */
final class MemoryFile {
    private static final byte[] EMPTY = new byte[0];
    private static final int CLEAN = Integer.MAX_VALUE;
    /** Larger files are refused; an in-memory test file system has no use for them. */
    static final int MAX_SIZE = Integer.MAX_VALUE - 16;

    private byte[] data;
    private int size;
    private byte[] durable;
    private int durableSize;
    private int dirtyFrom;
    private final long createdAtMillis;
    private long lastModifiedAtMillis;

    /** Creates an empty file that has never been synced. */
    MemoryFile(long nowMillis) {
        this(EMPTY, nowMillis);
    }

    /** Creates a file whose contents are {@code image}, all of it durable. */
    MemoryFile(byte[] image, long nowMillis) {
        data = image.clone();
        size = image.length;
        durable = image.clone();
        durableSize = image.length;
        dirtyFrom = CLEAN;
        createdAtMillis = nowMillis;
        lastModifiedAtMillis = nowMillis;
    }

    int size() {
        return size;
    }

    long createdAtMillis() {
        return createdAtMillis;
    }

    long lastModifiedAtMillis() {
        return lastModifiedAtMillis;
    }

    /** @return whether bytes were changed since the last sync */
    boolean hasUnsyncedBytes() {
        return dirtyFrom != CLEAN;
    }

    /** Reads like {@code FileHandle.read}: -1 at or past the end. */
    int read(long offset, byte[] target, int targetOffset, int count) {
        if (offset >= size) {
            return count == 0 ? 0 : -1;
        }
        int n = (int) Math.min(count, size - offset);
        System.arraycopy(data, (int) offset, target, targetOffset, n);
        return n;
    }

    /** Writes {@code count} bytes at {@code offset}, zero-filling any gap past the end. */
    void write(long offset, byte[] source, int sourceOffset, int count, long nowMillis) throws IOException {
        long end = offset + count;
        if (offset < 0 || end > MAX_SIZE) {
            throw new IOException("file too large for CrashFileSystem: " + end + " bytes");
        }
        int oldSize = size;
        ensureCapacity((int) end);
        System.arraycopy(source, sourceOffset, data, (int) offset, count);
        if (end > size) {
            size = (int) end;
        }
        markDirty((int) Math.min(offset, oldSize));
        lastModifiedAtMillis = nowMillis;
    }

    /** Truncates or zero-extends the file to {@code newSize}. */
    void resize(long newSize, long nowMillis) throws IOException {
        if (newSize < 0 || newSize > MAX_SIZE) {
            throw new IOException("bad size for CrashFileSystem file: " + newSize);
        }
        int target = (int) newSize;
        if (target < size) {
            Arrays.fill(data, target, size, (byte) 0);
            markDirty(target);
        } else if (target > size) {
            ensureCapacity(target);
            markDirty(size);
        }
        size = target;
        lastModifiedAtMillis = nowMillis;
    }

    /** Makes the current contents durable, as {@code fsync} would. */
    void sync() {
        if (dirtyFrom == CLEAN) {
            return;
        }
        int from = Math.min(dirtyFrom, size);
        if (durable.length < size) {
            durable = Arrays.copyOf(durable, Math.max(size, durable.length * 2));
        }
        System.arraycopy(data, from, durable, from, size - from);
        durableSize = size;
        dirtyFrom = CLEAN;
    }

    /**
     * @param random decides, per file, whether unsynced bytes survive and how many
     * @param keepUnsyncedProbability chance that a random prefix of the unsynced change is kept
     * @return the contents a power cut would leave
     */
    byte[] crashImage(Random random, double keepUnsyncedProbability) {
        if (dirtyFrom == CLEAN || random.nextDouble() >= keepUnsyncedProbability) {
            return Arrays.copyOf(durable, durableSize);
        }
        int from = Math.min(dirtyFrom, size);
        int kept = from + random.nextInt(size - from + 1);
        int length = Math.max(kept, durableSize);
        byte[] image = new byte[length];
        System.arraycopy(data, 0, image, 0, kept);
        if (durableSize > kept) {
            System.arraycopy(durable, kept, image, kept, durableSize - kept);
        }
        return image;
    }

    /** @return a copy of the current contents */
    byte[] snapshot() {
        return Arrays.copyOf(data, size);
    }

    private void markDirty(int offset) {
        dirtyFrom = Math.min(dirtyFrom, offset);
    }

    private void ensureCapacity(int needed) {
        if (data.length < needed) {
            long grown = Math.max(needed, Math.min((long) data.length * 2, MAX_SIZE));
            data = Arrays.copyOf(data, (int) Math.max(grown, 64));
        }
    }
}

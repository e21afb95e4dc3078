// Sequential-read support for one table iterator: once the iterator has moved over consecutive
// data blocks, a block that must come from the file is read with a window of what follows
// (16 KiB, doubling to 256 KiB while windows serve later blocks, halving when they don't) in one
// positional read, and the later blocks that miss the cache come out of that window. A scan of
// blocks that are not cached (a compaction, a cold range scan) then costs one read call per
// window instead of one per 4 KiB block. Each block is still checked by its own trailer.
// Not thread-safe: one owner, like the iterator.
package dev.cairn.lsm.internal.sstable;

import java.util.Arrays;

/** A read-ahead window over one table file. */
final class Readahead {
    static final int FIRST_WINDOW = 16 << 10;
    static final int MAX_WINDOW = 256 << 10;
    /** Consecutive block reads before the window opens (a seek and one next read no more than asked). */
    private static final int SEQUENTIAL_READS = 2;
    private static final byte[] EMPTY = new byte[0];

    private byte[] buf = EMPTY;
    private long start;
    private int length;
    private int window = FIRST_WINDOW;
    /** File offset just past the last block read through this object, or -1. */
    private long expected = -1;
    private int sequential;
    /** Blocks served from the current window: none means the last window was wasted (the blocks were cached). */
    private int served;

    /** Notes that the iterator moved over the block at {@code offset} ({@code len} bytes with its trailer) without reading it (it was cached). */
    void passed(long offset, int len) {
        sequential = offset == expected ? sequential + 1 : 0;
        expected = offset + len;
    }

    /**
     * Returns the {@code len} bytes at {@code offset} (a block and its trailer, inside the file)
     * as a fresh array, from the window when it holds them, else from the file.
     */
    byte[] read(TableFile file, long offset, int len) {
        passed(offset, len);
        if (offset >= start && offset + len <= start + length) {
            int from = (int) (offset - start);
            served++;
            return Arrays.copyOfRange(buf, from, from + len);
        }
        byte[] out = new byte[len];
        if (sequential < SEQUENTIAL_READS) {
            file.readFully(offset, out, 0, len);
            return out;
        }
        int want = (int) Math.min(Math.max(window, len), file.size() - offset);
        if (buf.length < want) {
            buf = new byte[Math.max(want, Math.min(MAX_WINDOW, buf.length * 2))];
        }
        file.readFully(offset, buf, 0, want);
        start = offset;
        length = want;
        // Grow while windows pay off; shrink when the blocks after a miss were cached anyway.
        window = served > 0 ? Math.min(MAX_WINDOW, window * 2) : Math.max(FIRST_WINDOW, window / 2);
        served = 0;
        System.arraycopy(buf, 0, out, 0, len);
        return out;
    }
}

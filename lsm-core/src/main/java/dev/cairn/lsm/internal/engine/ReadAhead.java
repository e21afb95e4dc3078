// The entries a forward cursor has found but not yet shown, copied end to end so one loop fills
// several. Not thread-safe; owned by one cursor, then handed back to its thread's spare (take /
// giveBack) when the cursor closes, so the next cursor on that thread reuses its grown arrays.
package dev.cairn.lsm.internal.engine;

/**
 * The entries a forward {@link StoreCursor} has already found but not yet shown: user keys and
 * stored values copied end to end into two growing arrays. A cursor that steps forward fills it
 * with several entries in one loop, so the merge, the version skipping and the block decoding
 * run in one compiled method whatever calls the cursor; each step then only moves to the next
 * copied entry. Batches start small after every positioning (a seek followed by a few steps
 * decodes little more than it shows) and double up to {@link #MAX_ENTRIES}, or until
 * {@link #MAX_BYTES} are held. A value over {@link #LARGE_VALUE} bytes is not copied: it ends its
 * batch, and the cursor leaves the merged stream on it, so the entry refers to the stream's own
 * bytes until the next batch is filled. Not thread-safe; owned by one cursor.
 */
final class ReadAhead {
    /** The first batch after a positioning. */
    static final int FIRST_ENTRIES = 4;
    /** The largest batch. */
    static final int MAX_ENTRIES = 64;
    /** A batch ends once its copies hold this many bytes (it still holds at least one entry). */
    static final int MAX_BYTES = 32 * 1024;
    /** Values longer than this are referred to, not copied (see the class comment). */
    static final int LARGE_VALUE = 8 * 1024;

    /**
     * Each thread's spare: the read-ahead of the last cursor closed on it. A seek opens a cursor
     * each time; allocating and growing these arrays per cursor was most of what a seek allocated.
     */
    private static final ThreadLocal<ReadAhead> SPARE = new ThreadLocal<>();

    // Small at first and grown as batches grow: a cursor that seeks and steps a few times
    // should not pay for a full batch.
    private byte[] keys = new byte[64];
    private byte[] values = new byte[512];
    /** Entry i's key is keys[keyEnds[i-1], keyEnds[i]) (from 0 for i = 0); values likewise. */
    private int[] keyEnds = new int[2 * FIRST_ENTRIES];
    private int[] valueEnds = new int[2 * FIRST_ENTRIES];
    private int count;
    private int position;
    private int nextBatch = FIRST_ENTRIES;
    /** A failure met while filling, after the entries before it; raised once they are shown. */
    private RuntimeException failure;
    /** The batch's last entry's value, when it is large: a slice of the stream, not of {@link #values}. */
    private byte[] largeArray;
    private int largeOffset;
    private int largeLength;

    /** Forgets every entry; the next batch is a small one again. */
    /** @return the calling thread's spare (reset), or a new read-ahead when it has none */
    static ReadAhead take() {
        ReadAhead r = SPARE.get();
        if (r == null) {
            return new ReadAhead();
        }
        SPARE.set(null);
        r.reset();
        return r;
    }

    /**
     * Makes {@code r} the calling thread's spare unless it has one. The cursor that owned it
     * must never touch it again (a closed cursor refuses every call).
     */
    static void giveBack(ReadAhead r) {
        if (SPARE.get() == null) {
            r.reset();
            SPARE.set(r);
        }
    }

    void reset() {
        count = 0;
        position = 0;
        nextBatch = FIRST_ENTRIES;
        failure = null;
        largeArray = null;
    }

    /** Starts a new batch (after the last one was used up); @return how many entries it may take */
    int startBatch() {
        count = 0;
        position = 0;
        largeArray = null;
        int n = nextBatch;
        nextBatch = Math.min(MAX_ENTRIES, nextBatch * 2);
        if (keyEnds.length < n) {
            keyEnds = new int[n];
            valueEnds = new int[n];
        }
        return n;
    }

    /**
     * Appends one entry: its key is copied; its value too, unless it is large (then the batch
     * ends, and {@code v} must stay unchanged until the next batch is started).
     *
     * @return whether the batch has room for more
     */
    boolean add(byte[] k, int kOff, int kLen, byte[] v, int vOff, int vLen) {
        int keyStart = count == 0 ? 0 : keyEnds[count - 1];
        int valueStart = count == 0 ? 0 : valueEnds[count - 1];
        keys = ensure(keys, keyStart + kLen);
        System.arraycopy(k, kOff, keys, keyStart, kLen);
        keyEnds[count] = keyStart + kLen;
        if (vLen > LARGE_VALUE) {
            largeArray = v;
            largeOffset = vOff;
            largeLength = vLen;
            valueEnds[count] = valueStart;
            count++;
            return false;
        }
        values = ensure(values, valueStart + vLen);
        System.arraycopy(v, vOff, values, valueStart, vLen);
        valueEnds[count] = valueStart + vLen;
        count++;
        return count < keyEnds.length && keyStart + kLen + valueStart + vLen < MAX_BYTES;
    }

    private static byte[] ensure(byte[] a, int size) {
        if (size <= a.length) {
            return a;
        }
        return java.util.Arrays.copyOf(a, Math.max(size, a.length * 2));
    }

    /** Keeps {@code e} to raise once the entries already added have been shown. */
    void failAfterEntries(RuntimeException e) {
        failure = e;
    }

    /** @return how many entries the batch holds */
    int count() {
        return count;
    }

    /**
     * Moves to the next entry of the batch.
     *
     * @return false when the batch is used up (then a new one must be filled)
     * @throws RuntimeException the failure met while filling, once the entries before it are used up
     */
    boolean advance() {
        if (position + 1 < count) {
            position++;
            return true;
        }
        if (failure != null) {
            RuntimeException e = failure;
            failure = null;
            count = 0;
            throw e;
        }
        return false;
    }

    byte[] keys() {
        return keys;
    }

    int keyOffset() {
        return position == 0 ? 0 : keyEnds[position - 1];
    }

    int keyLength() {
        return keyEnds[position] - keyOffset();
    }

    /** @return whether the current entry's value is a large one, referred to rather than copied */
    private boolean atLarge() {
        return largeArray != null && position == count - 1;
    }

    byte[] values() {
        return atLarge() ? largeArray : values;
    }

    int valueOffset() {
        if (atLarge()) {
            return largeOffset;
        }
        return position == 0 ? 0 : valueEnds[position - 1];
    }

    int valueLength() {
        if (atLarge()) {
            return largeLength;
        }
        return valueEnds[position] - valueOffset();
    }
}

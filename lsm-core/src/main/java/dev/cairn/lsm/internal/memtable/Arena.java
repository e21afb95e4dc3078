// Append-only memory of one memtable, addressed by long references. One writer; readers read only
// what the writer published with a release store.
package dev.cairn.lsm.internal.memtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Append-only memory for one memtable: byte chunks addressed by a long reference
 * {@code (chunk << 32) | offset}. Chunks start small and double up to 4 MiB; an allocation larger
 * than that gets a chunk of its own. One writer allocates and writes; readers only read bytes the
 * writer published through a release store ({@link #putLongRelease}) that they observed with an
 * acquire load ({@link #getLongAcquire}). Allocations are 8-byte aligned so that long fields can be
 * accessed atomically.
 */
final class Arena {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final int MAX_CHUNK = 4 << 20;
    private static final int MAX_CHUNKS = 1 << 16;

    private final byte[][] chunks = new byte[MAX_CHUNKS][];
    private int chunkCount;
    private int current = -1;
    private int used;
    private int nextChunkSize;
    private long allocated;

    Arena(int firstChunk) {
        this.nextChunkSize = Math.max(4096, Math.min(MAX_CHUNK, firstChunk));
    }

    /** @return a reference to {@code size} fresh, zeroed bytes (8-byte aligned) */
    long allocate(int size) {
        int aligned = (size + 7) & ~7;
        if (current < 0 || used + aligned > chunks[current].length) {
            int chunkSize = Math.max(aligned, nextChunkSize);
            if (chunkCount == MAX_CHUNKS) {
                throw new IllegalStateException("memtable arena is full");
            }
            chunks[chunkCount] = new byte[chunkSize];
            current = chunkCount++;
            used = 0;
            allocated += chunkSize;
            if (nextChunkSize < MAX_CHUNK) {
                nextChunkSize = Math.min(MAX_CHUNK, nextChunkSize * 2);
            }
        }
        long ref = ((long) current << 32) | used;
        used += aligned;
        return ref;
    }

    /** @return bytes of chunks allocated so far */
    long allocatedBytes() {
        return allocated;
    }

    byte[] chunk(long ref) {
        return chunks[(int) (ref >>> 32)];
    }

    static int offset(long ref) {
        return (int) ref;
    }

    /** Acquire load of the long at {@code off} of {@code chunk} (an array from {@link #chunk}). */
    static long getLongAcquire(byte[] chunk, int off) {
        return (long) LONG.getAcquire(chunk, off);
    }

    /** Plain load of the long at {@code off} of {@code chunk} (atomic: allocations are aligned). */
    static long getLong(byte[] chunk, int off) {
        return (long) LONG.get(chunk, off);
    }

    long getLongAcquire(long ref, int delta) {
        return (long) LONG.getAcquire(chunk(ref), offset(ref) + delta);
    }

    void putLongRelease(long ref, int delta, long value) {
        LONG.setRelease(chunk(ref), offset(ref) + delta, value);
    }

    void putLong(long ref, int delta, long value) {
        LONG.set(chunk(ref), offset(ref) + delta, value);
    }

    long getLong(long ref, int delta) {
        return (long) LONG.get(chunk(ref), offset(ref) + delta);
    }

    int getInt(long ref, int delta) {
        return (int) INT.get(chunk(ref), offset(ref) + delta);
    }

    void putInt(long ref, int delta, int value) {
        INT.set(chunk(ref), offset(ref) + delta, value);
    }
}

// Per-thread scratch of a table's point lookup: the seek target and the block iterator that
// walks the index and then the data block, reused by every get on the thread, so a lookup that
// finds its block in the cache allocates nothing in the table. Confined to one thread (a
// ThreadLocal); a lookup is never re-entered on its thread, so one probe per thread suffices.
// What a lookup returns refers to the data block's own bytes (or, for a block the cache does not
// keep, to the buffer of the holder it was written into), never to the probe's buffers, so it
// stays valid across the thread's next lookups into other holders (level 0 keeps its best entry
// while it probes on). The probe keeps the last block it read reachable until the thread's next lookup.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.util.Bytes;

/** One thread's reusable state for {@link TableReader#get}. */
final class PointProbe {
    private static final ThreadLocal<PointProbe> LOCAL = ThreadLocal.withInitial(PointProbe::new);
    private byte[] target = new byte[0];
    private BlockIterator iterator;
    /** The block handle decoded last: offset and size. */
    long handleOffset;
    long handleSize;
    /** The value {@link #varint} decoded last. */
    private long decoded;

    private PointProbe() {
    }

    /** @return the calling thread's probe */
    static PointProbe local() {
        return LOCAL.get();
    }

    /** @return a probe of the caller's own, not the thread's (for decoding handles at open) */
    static PointProbe detached() {
        return new PointProbe();
    }

    /**
     * @return {@link InternalKey#seekKey}{@code (userKey, sequence)} in this probe's buffer,
     *     valid until the thread's next lookup (a new array only when the key length changes)
     */
    byte[] target(byte[] userKey, long sequence) {
        byte[] t = target;
        if (t.length != userKey.length + InternalKey.TRAILER) {
            t = new byte[userKey.length + InternalKey.TRAILER];
            target = t;
        }
        System.arraycopy(userKey, 0, t, 0, userKey.length);
        Bytes.putLong(t, userKey.length, (sequence << 8) | InternalKey.SEEK_KIND);
        return t;
    }

    /** @return this probe's iterator, re-targeted at {@code block} and unpositioned */
    BlockIterator iterator(Block block) {
        BlockIterator it = iterator;
        if (it == null) {
            it = block.newIterator();
            iterator = it;
        } else {
            it.reset(block);
        }
        return it;
    }

    /**
     * Decodes the block handle stored as the value under {@code it} into {@link #handleOffset}
     * and {@link #handleSize} (two unsigned varints).
     *
     * @return false when the value is not a well-formed handle
     */
    boolean decodeHandle(BlockIterator it) {
        byte[] a = it.valueArray();
        int limit = it.valueOffset() + it.valueLength();
        int p = varint(a, it.valueOffset(), limit);
        if (p < 0) {
            return false;
        }
        handleOffset = decoded;
        if (varint(a, p, limit) < 0) {
            return false;
        }
        handleSize = decoded;
        return true;
    }

    /** Decodes the varint at {@code p} into {@link #decoded}; returns the offset after it, or -1. */
    private int varint(byte[] a, int p, int limit) {
        long result = 0;
        for (int shift = 0; shift < 64 && p < limit; shift += 7) {
            byte b = a[p++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                decoded = result;
                return p;
            }
        }
        return -1;
    }
}

// A hash index from user key to the newest skiplist node of that key in one memtable, so a point
// read finds its key with one or two cache misses instead of a skiplist search (a miss per node
// it steps through). The memtable's filter answers for absent keys first: it is small enough to
// stay in the cpu cache, this table is not. In memory only, never written to disk. One writer (the memtable's) puts a node after linking it into the skiplist; any number
// of readers look up without locking.
package dev.cairn.lsm.internal.memtable;

import dev.cairn.lsm.internal.sstable.KeyHash;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Open addressing with linear probing over a power-of-two array of longs. A slot holds a node
 * reference (below bit 48; see {@link Arena}) and 16 bits of the key's hash above it, so a probe
 * that meets another key's slot rarely touches that key's node; 0 is an empty slot (no node
 * reference is 0: the skiplist head comes first in the arena).
 *
 * <p>Concurrency. The writer stores a slot with a release store after the node is linked, and
 * a reader acquire-loads it, so a node read from a slot is whole and linked. A key's slot only
 * ever moves to a newer node of the same key, and a reader whose snapshot is older than the
 * node walks on from it at level 0 to the versions its snapshot sees, which sort right after.
 * When the table fills past three quarters the writer builds one twice the size from the keys
 * and publishes it with a volatile store; a reader still probing the old one finds every key
 * written before it loaded the table, which covers every version its snapshot can see.
 */
final class MemTableIndex {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int REF_BITS = 48;
    private static final long REF_MASK = (1L << REF_BITS) - 1;
    private static final int MIN_SLOTS = 64;
    private static final int MAX_SLOTS = 1 << 30;

    private volatile long[] slots;
    /** Keys in {@link #slots}; writer only. */
    private int keys;

    /** @param expectedKeys how many distinct keys the memtable is expected to hold */
    MemTableIndex(int expectedKeys) {
        slots = new long[slotsFor(expectedKeys)];
    }

    /** @return a power of two at least twice {@code keys}, within [64, 2^30] */
    private static int slotsFor(int keys) {
        long want = 2L * keys;
        int n = MIN_SLOTS;
        while (n < want && n < MAX_SLOTS) {
            n <<= 1;
        }
        return n;
    }

    /** @return bytes the table holds */
    long bytes() {
        return (long) slots.length * Long.BYTES;
    }

    /**
     * Makes {@code node} the newest node of user key {@code k[off, off+len)}, whose
     * {@link KeyHash#hash64} is {@code h}. Writer only, after the node is linked.
     */
    void put(SkipList list, long node, long h, byte[] k, int off, int len) {
        long[] t = slots;
        if ((long) (keys + 1) * 4 > (long) t.length * 3 && t.length < MAX_SLOTS) {
            t = grown(list, t);
        }
        long tag = tag(h);
        int mask = t.length - 1;
        for (int i = home(h, mask); ; i = (i + 1) & mask) {
            long e = t[i];
            if (e == 0) {
                keys++;
                SLOT.setRelease(t, i, tag | node);
                return;
            }
            if ((e & ~REF_MASK) == tag && list.userKeyEquals(e & REF_MASK, k, off, len)) {
                SLOT.setRelease(t, i, tag | node);
                return;
            }
        }
    }

    /** @return the node last put for user key {@code k}, whose hash is {@code h}, or {@link SkipList#NIL} */
    long get(SkipList list, long h, byte[] k) {
        long[] t = slots;
        long tag = tag(h);
        int mask = t.length - 1;
        for (int i = home(h, mask); ; i = (i + 1) & mask) {
            long e = (long) SLOT.getAcquire(t, i);
            if (e == 0) {
                return SkipList.NIL;
            }
            if ((e & ~REF_MASK) == tag && list.userKeyEquals(e & REF_MASK, k, 0, k.length)) {
                return e & REF_MASK;
            }
        }
    }

    /** Writer only: a table twice the size holding the same keys, published before it returns. */
    private long[] grown(SkipList list, long[] old) {
        long[] t = new long[old.length * 2];
        int mask = t.length - 1;
        for (long e : old) {
            if (e == 0) {
                continue;
            }
            long node = e & REF_MASK;
            long h = KeyHash.hash64(list.chunk(node), list.keyOffset(node), list.keyLength(node) - 8);
            int i = home(h, mask);
            while (t[i] != 0) {
                i = (i + 1) & mask;
            }
            t[i] = e;
        }
        slots = t;
        return t;
    }

    private static int home(long h, int mask) {
        return (int) (h >>> 32) & mask;
    }

    /** @return the hash bits a slot keeps beside its node reference */
    private static long tag(long h) {
        return h << REF_BITS;
    }
}

// One shard of the block cache: an open-addressing hash table from (file number, block offset)
// to Block, bounded by the blocks' charges, with CLOCK (second-chance) eviction. A lookup reads
// one slot of a long array and one of a Block array, where an access-ordered LinkedHashMap chases
// a node, a key object and two list neighbours, and rewrites the list, on every hit.
// Thread-safe: changes hold the shard's write lock (a StampedLock); a lookup takes no lock. It
// reads optimistically and validates the lock's stamp afterwards (retrying under the read lock
// when a change ran meanwhile), so lookups write no shared lock word: two readers on two cores
// used to pass the shard's monitor between them on every cached read.
package dev.cairn.lsm.internal.sstable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.StampedLock;

/**
 * Keys live in {@code keys[2i], keys[2i+1]} beside the slot's block; the offset word says when
 * the slot is empty ({@link #EMPTY}), so a probe reads only the key array. The slot's CLOCK mark
 * lives in a byte array of its own, which lookups set without the lock: a mark that lands on a
 * slot a concurrent change just moved only changes which block the clock spares next, never what
 * the table holds. Linear probing, deletion by backward shift (no tombstones). Eviction order is
 * a FIFO ring of the cached keys: the block at its head is dropped unless it was used since it
 * last came round, in which case it goes to the back with its mark cleared (CLOCK, which
 * approximates LRU). Hit and miss counts are atomic adds (exact; a hit writes the shard's count,
 * but no lock word).
 */
final class CacheShard {
    private static final int MIN_SLOTS = 64;
    /**
     * The block size the table is first sized for: slots for twice the blocks of this size the
     * capacity holds (at most {@link #MAX_FIRST_SLOTS}), so a cache of default-sized blocks fills
     * up without rehashing, and its code never meets a growth step first in the middle of a workload.
     */
    private static final int TYPICAL_BLOCK_BYTES = 4096;
    private static final int MAX_FIRST_SLOTS = 1 << 16;
    /** The offset word of an empty slot (no block offset is negative). */
    private static final long EMPTY = -1L;
    /**
     * A power of two: once a shard is full, one block in this many that reads missed is admitted.
     * A point read that misses a full cache would otherwise insert a block that some later read
     * evicts: under uniform reads over twice the cache, hundreds of MB/s of blocks that each
     * survived a few young collections, copied by every one (1 M-key readrandom: 16% of the
     * phase in GC pauses). Which blocks are cached barely matters when reads are uniform; when
     * they are skewed, a hot block misses often and gets in after a few misses, and blocks read
     * once (scans, one-off lookups) mostly stay out.
     */
    static final int ADMIT_ONE_IN = 8;
    private static final VarHandle HITS;
    private static final VarHandle MISSES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HITS = l.findVarHandle(CacheShard.class, "hits", long.class);
            MISSES = l.findVarHandle(CacheShard.class, "misses", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long capacity;
    /** Guards every change; lookups read optimistically (see the file comment). */
    private final StampedLock lock = new StampedLock();
    /**
     * Offers made while the shard was full; every {@link #ADMIT_ONE_IN}th is admitted. Counted
     * before the lock is taken (a lost count under a race only shifts which offer gets in), so a
     * refused offer takes no lock.
     */
    private int offersWhileFull;
    /** The hash table; replaced whole when it grows, so a lookup reads one consistent table. */
    private Table table;
    private int size;
    /** Written under the lock; read without it by {@link #offer}'s first check. */
    private volatile long usedBytes;
    /** The CLOCK ring: keys in the order they came in (or came round), {@code ringHead} first. */
    private long[] ring;
    private int ringHead;
    private int ringSize;
    /** Lookups that found a block, and that did not ({@link #get} with {@code counted}); atomic adds. */
    private volatile long hits;
    private volatile long misses;

    /** The slots: keys and blocks side by side, the CLOCK marks beside them. */
    private static final class Table {
        final long[] keys;
        final Block[] blocks;
        /** 1 while the slot's block was used since the CLOCK hand last passed it. */
        final byte[] recent;
        final int mask;

        Table(int slots) {
            keys = new long[2 * slots];
            for (int i = 1; i < keys.length; i += 2) {
                keys[i] = EMPTY;
            }
            blocks = new Block[slots];
            recent = new byte[slots];
            mask = slots - 1;
        }

        /** @return the slot holding the key, or -1 (also after {@code mask + 1} probes: a torn read) */
        int find(long file, long offset) {
            long[] k = keys;
            int m = mask;
            int i = hash(file, offset) & m;
            for (int probes = 0; probes <= m; probes++) {
                long o = k[2 * i + 1];
                if (o == EMPTY) {
                    return -1;
                }
                if (o == offset && k[2 * i] == file) {
                    return i;
                }
                i = (i + 1) & m;
            }
            return -1;
        }
    }

    CacheShard(long capacity) {
        this.capacity = capacity;
        long wanted = Math.min(MAX_FIRST_SLOTS, Math.max(MIN_SLOTS, 2 * (capacity / TYPICAL_BLOCK_BYTES)));
        int slots = Integer.highestOneBit((int) wanted - 1) << 1;
        table = new Table(slots);
        ring = new long[2 * slots];
    }

    /**
     * @param countMiss whether a lookup that finds nothing counts as a miss (a hit always counts)
     * @return the cached block or null
     */
    Block get(long file, long offset, boolean countMiss) {
        long stamp = lock.tryOptimisticRead();
        Table t = table;
        int i = t.find(file, offset);
        Block b = i < 0 ? null : t.blocks[i];
        if (!lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                t = table;
                i = t.find(file, offset);
                b = i < 0 ? null : t.blocks[i];
            } finally {
                lock.unlockRead(stamp);
            }
        }
        if (b == null) {
            if (countMiss) {
                MISSES.getAndAdd(this, 1L);
            }
            return null;
        }
        HITS.getAndAdd(this, 1L);
        if (t.recent[i] == 0) {
            t.recent[i] = 1;
        }
        return b;
    }

    /** @return lookups that found a block */
    long hits() {
        return hits;
    }

    /** @return counted lookups that found nothing */
    long misses() {
        return misses;
    }

    /**
     * Offers a block a read just missed: inserted like {@link #put} while the shard has room, but
     * once it is full only one offer in {@link #ADMIT_ONE_IN} gets in (and evicts).
     */
    void offer(long file, long offset, Block b) {
        if (admits(b.charge())) {
            put(file, offset, b);
        }
    }

    /**
     * {@link #offer}'s decision, asked before the block is read: yes while the shard has room
     * for {@code charge} more bytes, else for one ask in {@link #ADMIT_ONE_IN}. A yes is counted
     * as an admission, so the caller should then {@link #put} the block.
     */
    boolean admits(int charge) {
        return usedBytes + charge <= capacity || (++offersWhileFull & (ADMIT_ONE_IN - 1)) == 0;
    }

    void put(long file, long offset, Block b) {
        int charge = b.charge();
        if (charge > capacity) {
            return;
        }
        long stamp = lock.writeLock();
        try {
            Table t = table;
            int i = t.find(file, offset);
            if (i >= 0) {
                usedBytes += charge - t.blocks[i].charge();
                t.blocks[i] = b;
            } else {
                if (2 * (size + 1) > t.blocks.length) {
                    resize(t.blocks.length * 2);
                }
                insert(table, file, offset, b, (byte) 0);
                ringAdd(file, offset);
                usedBytes += charge;
            }
            evictOverBudget();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    void evictFile(long file) {
        long stamp = lock.writeLock();
        try {
            Table t = table;
            for (int i = 0; i < t.blocks.length; i++) {
                // Backward shifts can move a later entry into slot i: look at it again.
                while (t.keys[2 * i + 1] != EMPTY && t.keys[2 * i] == file) {
                    usedBytes -= t.blocks[i].charge();
                    removeAt(t, i);
                }
            }
            // Drop the file's keys from the ring too, keeping the others' order.
            int kept = 0;
            for (int k = 0; k < ringSize; k++) {
                int at = 2 * ((ringHead + k) & (ring.length / 2 - 1));
                if (ring[at] != file) {
                    long f = ring[at];
                    long o = ring[at + 1];
                    int to = 2 * ((ringHead + kept) & (ring.length / 2 - 1));
                    ring[to] = f;
                    ring[to + 1] = o;
                    kept++;
                }
            }
            ringSize = kept;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    long used() {
        return usedBytes;
    }

    private void evictOverBudget() {
        Table t = table;
        while (usedBytes > capacity && ringSize > 0) {
            int at = 2 * ringHead;
            long file = ring[at];
            long offset = ring[at + 1];
            ringHead = (ringHead + 1) & (ring.length / 2 - 1);
            ringSize--;
            int i = t.find(file, offset);
            if (i < 0) {
                continue;
            }
            if (t.recent[i] != 0) {
                t.recent[i] = 0;
                ringAdd(file, offset);
            } else {
                usedBytes -= t.blocks[i].charge();
                removeAt(t, i);
            }
        }
    }

    private void ringAdd(long file, long offset) {
        int slots = ring.length / 2;
        if (ringSize == slots) {
            long[] grown = new long[ring.length * 2];
            for (int k = 0; k < ringSize; k++) {
                int from = 2 * ((ringHead + k) & (slots - 1));
                grown[2 * k] = ring[from];
                grown[2 * k + 1] = ring[from + 1];
            }
            ring = grown;
            ringHead = 0;
            slots *= 2;
        }
        int at = 2 * ((ringHead + ringSize) & (slots - 1));
        ring[at] = file;
        ring[at + 1] = offset;
        ringSize++;
    }

    private static int hash(long file, long offset) {
        // High bits of a multiply: well mixed, and unlike the bits BlockCache picks shards with.
        long h = (file * 0x165667B19E3779F9L + offset) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32);
    }

    private void insert(Table t, long file, long offset, Block b, byte mark) {
        int i = hash(file, offset) & t.mask;
        while (t.keys[2 * i + 1] != EMPTY) {
            i = (i + 1) & t.mask;
        }
        t.keys[2 * i] = file;
        t.keys[2 * i + 1] = offset;
        t.blocks[i] = b;
        t.recent[i] = mark;
        size++;
    }

    /** Empties slot i and shifts later entries of its probe run back, so lookups need no tombstones. */
    private void removeAt(Table t, int i) {
        size--;
        long[] keys = t.keys;
        int mask = t.mask;
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (keys[2 * j + 1] == EMPTY) {
                break;
            }
            int home = hash(keys[2 * j], keys[2 * j + 1]) & mask;
            // Move j into the hole unless its home lies cyclically in (hole, j]: distances from
            // the hole, taken mod the table size, so a probe run that wraps round the end of the
            // table takes no branch of its own.
            boolean stays = ((home - hole - 1) & mask) < ((j - hole) & mask);
            if (!stays) {
                keys[2 * hole] = keys[2 * j];
                keys[2 * hole + 1] = keys[2 * j + 1];
                t.blocks[hole] = t.blocks[j];
                t.recent[hole] = t.recent[j];
                hole = j;
            }
        }
        keys[2 * hole + 1] = EMPTY;
        t.blocks[hole] = null;
        t.recent[hole] = 0;
    }

    private void resize(int slots) {
        Table old = table;
        Table grown = new Table(slots);
        size = 0;
        for (int i = 0; i < old.blocks.length; i++) {
            long o = old.keys[2 * i + 1];
            if (o != EMPTY) {
                insert(grown, old.keys[2 * i], o, old.blocks[i], old.recent[i]);
            }
        }
        table = grown;
    }

    /** @return slots in the table (for tests of growth) */
    int slots() {
        long stamp = lock.readLock();
        try {
            return table.blocks.length;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    @Override
    public String toString() {
        long stamp = lock.readLock();
        try {
            return "CacheShard(" + size + " blocks, " + usedBytes + "/" + capacity + " bytes, " + table.blocks.length
                    + " slots)";
        } finally {
            lock.unlockRead(stamp);
        }
    }
}

// One shard of the block cache: an open-addressing hash table from (file number, block offset)
// to Block, bounded by the blocks' charges, with CLOCK (second-chance) eviction. A lookup reads
// one slot of a long array, marking the block there as recently used, and one of a Block array, where
// an access-ordered LinkedHashMap chases a node, a key object and two list neighbours, and
// rewrites the list, on every hit. Thread-safe: every method holds the shard's monitor.
package dev.cairn.lsm.internal.sstable;

/**
 * Keys live in {@code keys[2i], keys[2i+1]} beside the slot's block; the offset word also holds
 * the slot's CLOCK mark ({@link #RECENT}) and says when the slot is empty ({@link #EMPTY}), so a
 * probe reads only the key array. Linear probing, deletion by backward shift (no tombstones). Eviction order is a FIFO ring of the cached keys: the block at
 * its head is dropped unless it was used since it last came round, in which case it goes to the
 * back with its mark cleared (CLOCK, which approximates LRU).
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
    /** Set in the offset word while the block was used since the CLOCK hand last passed it. */
    private static final long RECENT = 1L << 62;
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
    private final long capacity;
    /** Offers made while the shard was full; every {@link #ADMIT_ONE_IN}th is admitted. */
    private int offersWhileFull;
    private long[] keys;
    private Block[] blocks;
    private int mask;
    private int size;
    private long usedBytes;
    /** The CLOCK ring: keys in the order they came in (or came round), {@code ringHead} first. */
    private long[] ring;
    private int ringHead;
    private int ringSize;
    /** Lookups that found a block, and that did not ({@link #get} with {@code counted}). */
    private long hits;
    private long misses;

    CacheShard(long capacity) {
        this.capacity = capacity;
        long wanted = Math.min(MAX_FIRST_SLOTS, Math.max(MIN_SLOTS, 2 * (capacity / TYPICAL_BLOCK_BYTES)));
        int slots = Integer.highestOneBit((int) wanted - 1) << 1;
        keys = emptyKeys(slots);
        blocks = new Block[slots];
        mask = slots - 1;
        ring = new long[2 * slots];
    }

    private static long[] emptyKeys(int slots) {
        long[] k = new long[2 * slots];
        for (int i = 1; i < k.length; i += 2) {
            k[i] = EMPTY;
        }
        return k;
    }

    /**
     * @param countMiss whether a lookup that finds nothing counts as a miss (a hit always counts)
     * @return the cached block or null
     */
    synchronized Block get(long file, long offset, boolean countMiss) {
        int i = find(file, offset);
        if (i < 0) {
            if (countMiss) {
                misses++;
            }
            return null;
        }
        hits++;
        keys[2 * i + 1] |= RECENT;
        return blocks[i];
    }

    /** @return lookups that found a block */
    synchronized long hits() {
        return hits;
    }

    /** @return counted lookups that found nothing */
    synchronized long misses() {
        return misses;
    }

    /**
     * Offers a block a read just missed: inserted like {@link #put} while the shard has room, but
     * once it is full only one offer in {@link #ADMIT_ONE_IN} gets in (and evicts).
     */
    synchronized void offer(long file, long offset, Block b) {
        if (usedBytes + b.charge() > capacity && (++offersWhileFull & (ADMIT_ONE_IN - 1)) != 0) {
            return;
        }
        put(file, offset, b);
    }

    synchronized void put(long file, long offset, Block b) {
        int charge = b.charge();
        if (charge > capacity) {
            return;
        }
        int i = find(file, offset);
        if (i >= 0) {
            usedBytes += charge - blocks[i].charge();
            blocks[i] = b;
        } else {
            if (2 * (size + 1) > blocks.length) {
                resize(blocks.length * 2);
            }
            insert(file, offset, b, false);
            ringAdd(file, offset);
            usedBytes += charge;
        }
        evictOverBudget();
    }

    synchronized void evictFile(long file) {
        for (int i = 0; i < blocks.length; i++) {
            // Backward shifts can move a later entry into slot i: look at it again.
            while (keys[2 * i + 1] != EMPTY && keys[2 * i] == file) {
                usedBytes -= blocks[i].charge();
                removeAt(i);
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
    }

    synchronized long used() {
        return usedBytes;
    }

    private void evictOverBudget() {
        while (usedBytes > capacity && ringSize > 0) {
            int at = 2 * ringHead;
            long file = ring[at];
            long offset = ring[at + 1];
            ringHead = (ringHead + 1) & (ring.length / 2 - 1);
            ringSize--;
            int i = find(file, offset);
            if (i < 0) {
                continue;
            }
            if ((keys[2 * i + 1] & RECENT) != 0) {
                keys[2 * i + 1] = offset;
                ringAdd(file, offset);
            } else {
                usedBytes -= blocks[i].charge();
                removeAt(i);
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

    /** @return the slot holding the key, or -1 */
    private int find(long file, long offset) {
        int i = hash(file, offset) & mask;
        while (true) {
            long o = keys[2 * i + 1];
            if (o == EMPTY) {
                return -1;
            }
            if ((o & ~RECENT) == offset && keys[2 * i] == file) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private void insert(long file, long offset, Block b, boolean mark) {
        int i = hash(file, offset) & mask;
        while (keys[2 * i + 1] != EMPTY) {
            i = (i + 1) & mask;
        }
        keys[2 * i] = file;
        keys[2 * i + 1] = mark ? offset | RECENT : offset;
        blocks[i] = b;
        size++;
    }

    /** Empties slot i and shifts later entries of its probe run back, so lookups need no tombstones. */
    private void removeAt(int i) {
        size--;
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (keys[2 * j + 1] == EMPTY) {
                break;
            }
            int home = hash(keys[2 * j], keys[2 * j + 1] & ~RECENT) & mask;
            // Move j into the hole unless its home lies cyclically in (hole, j]: distances from
            // the hole, taken mod the table size, so a probe run that wraps round the end of the
            // table takes no branch of its own.
            boolean stays = ((home - hole - 1) & mask) < ((j - hole) & mask);
            if (!stays) {
                keys[2 * hole] = keys[2 * j];
                keys[2 * hole + 1] = keys[2 * j + 1];
                blocks[hole] = blocks[j];
                hole = j;
            }
        }
        keys[2 * hole + 1] = EMPTY;
        blocks[hole] = null;
    }

    private void resize(int slots) {
        long[] oldKeys = keys;
        Block[] oldBlocks = blocks;
        keys = emptyKeys(slots);
        blocks = new Block[slots];
        mask = slots - 1;
        size = 0;
        for (int i = 0; i < oldBlocks.length; i++) {
            long o = oldKeys[2 * i + 1];
            if (o != EMPTY) {
                insert(oldKeys[2 * i], o & ~RECENT, oldBlocks[i], (o & RECENT) != 0);
            }
        }
    }

    /** @return slots in the table (for tests of growth) */
    synchronized int slots() {
        return blocks.length;
    }

    @Override
    public synchronized String toString() {
        return "CacheShard(" + size + " blocks, " + usedBytes + "/" + capacity + " bytes, " + blocks.length + " slots)";
    }
}

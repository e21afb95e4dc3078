// A skiplist of internal entries laid out in an arena, for one writer and any number of concurrent
// readers (the LevelDB design).
package dev.cairn.lsm.internal.memtable;

import dev.cairn.lsm.internal.iterator.KeySlices;
import dev.cairn.lsm.internal.key.FoundEntry;
import dev.cairn.lsm.internal.util.Bytes;
import java.util.Arrays;

/**
 * A skiplist of (internal key, stored value) entries laid out in an {@link Arena}, for one writer
 * and any number of concurrent readers (the LevelDB design). A node is one allocation; its
 * reference points at the header, and its links lie just below the header, level 0 nearest:
 *
 * <pre>
 * -16(i+1)  long next[i] (-1 = none), long prefix[i]     for i = height-1 down to 0
 * 0         int height, int keyLength
 * 8         int valueLength, int unused
 * 16        key bytes (user key + 8-byte trailer), then value bytes
 * </pre>
 *
 * Keeping the key inline with the links means a search step touches one place in memory rather
 * than three objects, and a full memtable is a handful of large arrays for the garbage collector
 * instead of millions of small ones. The key sits at a fixed offset, so finding it needs no read
 * of the header, and level 0's link, the header and the key's start are adjacent. Internal keys
 * are unique (each write has its own sequence number).
 *
 * <p>{@code prefix[i]} holds the {@link LinkPrefix} summary of the user key of the node
 * {@code next[i]} points at: 8 of its bytes as a big-endian unsigned long, after a stem that the
 * memtable's keys are expected to share. Summaries keep key order ({@code a < b} implies
 * {@code prefix(a) <= prefix(b)}, unsigned), so a
 * link whose prefix is greater than the target's leads to a node past the target, and a descent
 * goes down a level without touching that node's memory, which is where a search spends its
 * time (a cache miss per node touched). Only when the prefix is not greater does it compare the
 * node's full key.
 *
 * <p>Concurrency. The writer fills a node completely (its own links and prefixes included), then
 * links it bottom-up; at each level it first stores the new node's prefix into the predecessor's
 * prefix slot and then publishes the link with a release store. Readers acquire-load a link and
 * then load its prefix. A link slot's successive targets only ever move to smaller keys (a node
 * is only inserted between a node and its old next), so the prefix a reader loads is the one
 * stored with the link it read or one stored by a later insert into the same slot: never
 * greater than the prefix of the node it read from the link. Readers therefore use the prefix
 * only to conclude "the linked node is past the target", which stays true when link and prefix
 * come from different inserts, and never to conclude "the linked node is before the target".
 * The writer reads its own stores, so for it a smaller prefix does mean "before the target".
 * Readers see whole nodes or none, because a node is written before the release store that
 * links it.
 */
final class SkipList {
    static final long NIL = -1L;
    private static final int MAX_HEIGHT = 12;
    private static final int HEADER = 16;
    /** Bytes per level below the header: the link and its target's key prefix. */
    private static final int SLOT = 16;

    private final Arena arena;
    private final LinkPrefix linkPrefix;
    private final long head;
    private volatile int height = 1;
    private long random = 0x9E3779B97F4A7C15L;
    private long usedBytes;
    /**
     * The writer's search path: after an insert, each level's last node at or before the node
     * inserted. A key that sorts between that node and its successor has these as its
     * predecessors, so an ascending run of inserts (a sequential fill) does not search at all.
     */
    private final long[] prev = new long[MAX_HEIGHT];
    /** The node the last insert added (NIL before the first), and its link summary. */
    private long lastInserted = NIL;
    private long lastTarget;

    SkipList(int firstChunk) {
        this(firstChunk, LinkPrefix.NONE);
    }

    /** @param linkPrefix how links summarize the keys they lead to */
    SkipList(int firstChunk, LinkPrefix linkPrefix) {
        arena = new Arena(firstChunk);
        this.linkPrefix = linkPrefix;
        head = newNode(MAX_HEIGHT, 0, 0);
        for (int i = 0; i < MAX_HEIGHT; i++) {
            arena.putLong(head, slot(i), NIL);
        }
    }

    /** @return where level {@code level}'s link lies relative to a node's reference */
    private static int slot(int level) {
        return -SLOT * (level + 1);
    }

    /** @return a node with its header written and its links not yet set */
    private long newNode(int h, int keyLen, int valueLen) {
        int size = SLOT * h + HEADER + keyLen + valueLen;
        long ref = arena.allocate(size) + SLOT * h;
        usedBytes += size;
        arena.putInt(ref, 0, h);
        arena.putInt(ref, 4, keyLen);
        arena.putInt(ref, 8, valueLen);
        return ref;
    }

    /** @return bytes of nodes written */
    long usedBytes() {
        return usedBytes;
    }

    long next(long node, int level) {
        return arena.getLongAcquire(node, slot(level));
    }

    /** @return the arena array holding the node (its key starts at {@link #keyOffset}) */
    byte[] chunk(long node) {
        return arena.chunk(node);
    }

    /** @return where the node's internal key starts in {@link #chunk}; its value follows the key */
    int keyOffset(long node) {
        return Arena.offset(node) + HEADER;
    }

    /** @return the number of levels the node is linked on */
    int height(long node) {
        return arena.getInt(node, 0);
    }

    int keyLength(long node) {
        return arena.getInt(node, 4);
    }

    int valueLength(long node) {
        return arena.getInt(node, 8);
    }

    /** @return a copy of the node's internal key */
    byte[] key(long node) {
        int off = keyOffset(node);
        return Arrays.copyOfRange(arena.chunk(node), off, off + keyLength(node));
    }

    /** @return a copy of the node's user key */
    byte[] userKey(long node) {
        int off = keyOffset(node);
        return Arrays.copyOfRange(arena.chunk(node), off, off + keyLength(node) - 8);
    }

    /**
     * @param userKey the node's user key (the reader's array)
     * @return the node's version, its stored value a slice of the arena (never rewritten)
     */
    FoundEntry found(long node, byte[] userKey) {
        return found(node, userKey, new FoundEntry());
    }

    /** {@link #found(long, byte[])} written into {@code into} (returned). */
    FoundEntry found(long node, byte[] userKey, FoundEntry into) {
        byte[] chunk = arena.chunk(node);
        int ko = keyOffset(node);
        int kl = keyLength(node);
        return into.set(userKey, Bytes.getLong(chunk, ko + kl - 8), chunk, ko + kl, valueLength(node));
    }

    /** @return whether the node's user key equals {@code userKey} */
    boolean userKeyEquals(long node, byte[] userKey) {
        return userKeyEquals(node, userKey, 0, userKey.length);
    }

    /** @return whether the node's user key equals {@code k[off, off+len)} */
    boolean userKeyEquals(long node, byte[] k, int off, int len) {
        int ko = keyOffset(node);
        return Arrays.equals(arena.chunk(node), ko, ko + keyLength(node) - 8, k, off, off + len);
    }

    /** @return the node's internal-key trailer (sequence and kind) */
    long trailer(long node) {
        return Bytes.getLong(arena.chunk(node), keyOffset(node) + keyLength(node) - 8);
    }

    /** Compares the node's key with {@code (k[off, off+len), trailer)} in internal order. */
    private int compare(long node, byte[] k, int off, int len, long trailer) {
        byte[] chunk = arena.chunk(node);
        int ko = keyOffset(node);
        int ulen = keyLength(node) - 8;
        int c = KeySlices.compareBytes(chunk, ko, ko + ulen, k, off, off + len);
        if (c != 0) {
            return c;
        }
        long nodeTrailer = Bytes.getLong(chunk, ko + ulen);
        return Long.compareUnsigned(trailer, nodeTrailer);
    }

    /** @return the first node at or after {@code ikey}, or NIL */
    long seek(byte[] ikey) {
        return search(ikey, false);
    }

    /** @return the last node before {@code ikey}, or NIL */
    long seekBefore(byte[] ikey) {
        return search(ikey, true);
    }

    private long search(byte[] ikey, boolean before) {
        int ulen = ikey.length - 8;
        long trailer = Bytes.getLong(ikey, ulen);
        if (before) {
            long x = descend(ikey, 0, ulen, trailer, 0, false);
            return x == head ? NIL : x;
        }
        return descend(ikey, 0, ulen, trailer, 0, true);
    }

    /**
     * Descends towards {@code node} (a linked node) only down to level {@code stopLevel}: the
     * answer is a node before it that is on average about {@code 4^stopLevel} nodes back, from
     * which a forward walk at level 0 reaches {@code node}. Compares in place.
     *
     * @return the last node of level {@code stopLevel} (or above) before {@code node}, or the head
     */
    long anchorBefore(long node, int stopLevel) {
        byte[] chunk = arena.chunk(node);
        int ko = keyOffset(node);
        int ulen = keyLength(node) - 8;
        return descend(chunk, ko, ulen, Bytes.getLong(chunk, ko + ulen), stopLevel, false);
    }

    /**
     * A reader's descent towards the internal key {@code (k[off, off+len), trailer)}, down to
     * level {@code stopLevel}. Both possible answers come from links read during the descent:
     * reading the predecessor's link a second time could return a node the writer linked in
     * meanwhile, one that sorts before the key. A link's prefix is used only to skip a node that
     * is past the key (see the class comment).
     *
     * @param following whether to answer with the link read last instead of the node it was read from
     * @return the last node of level {@code stopLevel} (or above) before the key, or the head;
     *     if {@code following}, the link read from it at that level: the first node there at or
     *     after the key, or NIL
     */
    private long descend(byte[] k, int off, int len, long trailer, int stopLevel, boolean following) {
        long target = linkPrefix.of(k, off, len);
        long x = head;
        byte[] xChunk = arena.chunk(x);
        int level = height - 1;
        while (true) {
            int s = Arena.offset(x) + slot(level);
            long n = Arena.getLongAcquire(xChunk, s);
            if (n != NIL && Long.compareUnsigned(Arena.getLong(xChunk, s + 8), target) <= 0
                    && compare(n, k, off, len, trailer) < 0) {
                x = n;
                xChunk = arena.chunk(n);
            } else if (level <= stopLevel) {
                return following ? n : x;
            } else {
                level--;
            }
        }
    }

    /** @return whether {@code node} is the head sentinel (not an entry) */
    boolean isHead(long node) {
        return node == head;
    }

    /** @return the last node, or NIL */
    long last() {
        long x = head;
        int level = height - 1;
        while (true) {
            long n = next(x, level);
            if (n != NIL) {
                x = n;
            } else if (level == 0) {
                return x == head ? NIL : x;
            } else {
                level--;
            }
        }
    }

    /** @return the first node, or NIL */
    long first() {
        return next(head, 0);
    }

    private int randomHeight() {
        int h = 1;
        while (h < MAX_HEIGHT) {
            random ^= random << 13;
            random ^= random >>> 7;
            random ^= random << 17;
            if ((random & 3) != 0) {
                break;
            }
            h++;
        }
        return h;
    }

    /**
     * Inserts an entry whose internal key is {@code uk[ukOff, ukOff+ukLen) ++ trailer} and whose
     * stored value is {@code prefix ++ v[vOff, vOff+vLen)}. Writer only.
     *
     * @return the new node, linked
     */
    long insert(byte[] uk, int ukOff, int ukLen, long trailer, byte[] prefix, int prefixLen,
                byte[] v, int vOff, int vLen) {
        long target = linkPrefix.of(uk, ukOff, ukLen);
        // prev[i] is level i's last node at or before the last insert. When the key falls right
        // after that insert on level 0, it falls right after prev[i] on every level.
        boolean appends = lastInserted != NIL && follows(lastInserted, lastTarget, target, uk, ukOff, ukLen, trailer)
                && nextBefore(lastInserted, 0, target, uk, ukOff, ukLen, trailer) == NIL;
        if (!appends) {
            long x = head;
            int level = height - 1;
            while (true) {
                long n = nextBefore(x, level, target, uk, ukOff, ukLen, trailer);
                if (n != NIL) {
                    x = n;
                } else {
                    prev[level] = x;
                    if (level == 0) {
                        break;
                    }
                    level--;
                }
            }
        }
        int h = randomHeight();
        if (h > height) {
            for (int i = height; i < h; i++) {
                prev[i] = head;
            }
            height = h;
        }
        int keyLen = ukLen + 8;
        int valueLen = prefixLen + vLen;
        long node = newNode(h, keyLen, valueLen);
        byte[] chunk = arena.chunk(node);
        int ko = keyOffset(node);
        System.arraycopy(uk, ukOff, chunk, ko, ukLen);
        Bytes.putLong(chunk, ko + ukLen, trailer);
        System.arraycopy(prefix, 0, chunk, ko + keyLen, prefixLen);
        if (vLen > 0) {
            System.arraycopy(v, vOff, chunk, ko + keyLen + prefixLen, vLen);
        }
        for (int i = 0; i < h; i++) {
            long p = prev[i];
            arena.putLong(node, slot(i), arena.getLong(p, slot(i)));
            arena.putLong(node, slot(i) + 8, arena.getLong(p, slot(i) + 8));
        }
        for (int i = 0; i < h; i++) {
            // The prefix before the link's release store: see the class comment.
            arena.putLong(prev[i], slot(i) + 8, target);
            arena.putLongRelease(prev[i], slot(i), node);
            prev[i] = node;
        }
        lastInserted = node;
        lastTarget = target;
        return node;
    }

    /**
     * Writer only (its prefixes are exact).
     *
     * @return the node after {@code x} at {@code level} if it sorts before the key, else NIL
     */
    private long nextBefore(long x, int level, long target, byte[] uk, int ukOff, int ukLen, long trailer) {
        byte[] xChunk = arena.chunk(x);
        int s = Arena.offset(x) + slot(level);
        long n = Arena.getLong(xChunk, s);
        if (n == NIL) {
            return NIL;
        }
        int c = Long.compareUnsigned(Arena.getLong(xChunk, s + 8), target);
        return c < 0 || (c == 0 && compare(n, uk, ukOff, ukLen, trailer) < 0) ? n : NIL;
    }

    /** @return whether the key sorts after {@code node}, whose summary is {@code nodeTarget} */
    private boolean follows(long node, long nodeTarget, long target, byte[] uk, int ukOff, int ukLen, long trailer) {
        int c = Long.compareUnsigned(nodeTarget, target);
        return c < 0 || (c == 0 && compare(node, uk, ukOff, ukLen, trailer) < 0);
    }
}

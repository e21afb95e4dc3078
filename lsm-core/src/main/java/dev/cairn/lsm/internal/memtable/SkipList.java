package dev.cairn.lsm.internal.memtable;

import dev.cairn.lsm.internal.iterator.KeySlices;
import dev.cairn.lsm.internal.util.Bytes;
import java.util.Arrays;

/**
 * A skiplist of (internal key, stored value) entries laid out in an {@link Arena}, for one writer
 * and any number of concurrent readers (the LevelDB design). A node is one allocation:
 *
 * <pre>
 * 0   int height, int keyLength
 * 8   int valueLength, int unused
 * 16  long next[height]     (-1 = none)
 * ..  key bytes (user key + 8-byte trailer), then value bytes
 * </pre>
 *
 * Keeping the key inline with the links means a search step touches one place in memory rather
 * than three objects, and a full memtable is a handful of large arrays for the garbage collector
 * instead of millions of small ones. The writer fills a node completely, then links it bottom-up
 * with release stores; readers follow links with acquire loads, so they see whole nodes or none.
 * Internal keys are unique (each write has its own sequence number).
 */
final class SkipList {
    static final long NIL = -1L;
    private static final int MAX_HEIGHT = 12;
    private static final int HEADER = 16;

    private final Arena arena;
    private final long head;
    private volatile int height = 1;
    private long random = 0x9E3779B97F4A7C15L;
    private long usedBytes;

    SkipList(int firstChunk) {
        arena = new Arena(firstChunk);
        head = newNode(MAX_HEIGHT, 0, 0);
    }

    private long newNode(int h, int keyLen, int valueLen) {
        int size = HEADER + 8 * h + keyLen + valueLen;
        long ref = arena.allocate(size);
        usedBytes += size;
        arena.putInt(ref, 0, h);
        arena.putInt(ref, 4, keyLen);
        arena.putInt(ref, 8, valueLen);
        for (int i = 0; i < h; i++) {
            arena.putLong(ref, HEADER + 8 * i, NIL);
        }
        return ref;
    }

    /** @return bytes of nodes written */
    long usedBytes() {
        return usedBytes;
    }

    long next(long node, int level) {
        return arena.getLongAcquire(node, HEADER + 8 * level);
    }

    /** @return the arena array holding the node (its key starts at {@link #keyOffset}) */
    byte[] chunk(long node) {
        return arena.chunk(node);
    }

    /** @return where the node's internal key starts in {@link #chunk}; its value follows the key */
    int keyOffset(long node) {
        return Arena.offset(node) + HEADER + 8 * arena.getInt(node, 0);
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

    /** @return a copy of the node's stored value */
    byte[] value(long node) {
        int off = keyOffset(node) + keyLength(node);
        return Arrays.copyOfRange(arena.chunk(node), off, off + valueLength(node));
    }

    /** @return whether the node's user key equals {@code userKey} */
    boolean userKeyEquals(long node, byte[] userKey) {
        int off = keyOffset(node);
        int len = keyLength(node) - 8;
        return Arrays.equals(arena.chunk(node), off, off + len, userKey, 0, userKey.length);
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

    private int compare(long node, byte[] ikey) {
        return compare(node, ikey, 0, ikey.length - 8, Bytes.getLong(ikey, ikey.length - 8));
    }

    /** @return the first node at or after {@code ikey}, or NIL */
    long seek(byte[] ikey) {
        return search(ikey, false);
    }

    /** @return the last node before {@code ikey}, or NIL */
    long seekBefore(byte[] ikey) {
        return search(ikey, true);
    }

    /**
     * One descent to the last node before {@code ikey}. Both answers come from links read during
     * the descent: reading the predecessor's link a second time could return a node the writer
     * linked in meanwhile, one that sorts before {@code ikey}.
     */
    private long search(byte[] ikey, boolean before) {
        long x = head;
        int level = height - 1;
        while (true) {
            long n = next(x, level);
            if (n != NIL && compare(n, ikey) < 0) {
                x = n;
            } else if (level == 0) {
                return before ? (x == head ? NIL : x) : n;
            } else {
                level--;
            }
        }
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
        long trailer = Bytes.getLong(chunk, ko + ulen);
        long x = head;
        int level = height - 1;
        while (true) {
            long n = next(x, level);
            if (n != NIL && compare(n, chunk, ko, ulen, trailer) < 0) {
                x = n;
            } else if (level <= stopLevel) {
                return x;
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
     */
    void insert(byte[] uk, int ukOff, int ukLen, long trailer, byte[] prefix, int prefixLen,
                byte[] v, int vOff, int vLen) {
        long[] prev = new long[MAX_HEIGHT];
        long x = head;
        int level = height - 1;
        while (true) {
            long n = next(x, level);
            if (n != NIL && compare(n, uk, ukOff, ukLen, trailer) < 0) {
                x = n;
            } else {
                prev[level] = x;
                if (level == 0) {
                    break;
                }
                level--;
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
        dev.cairn.lsm.internal.util.Bytes.putLong(chunk, ko + ukLen, trailer);
        System.arraycopy(prefix, 0, chunk, ko + keyLen, prefixLen);
        if (vLen > 0) {
            System.arraycopy(v, vOff, chunk, ko + keyLen + prefixLen, vLen);
        }
        for (int i = 0; i < h; i++) {
            arena.putLong(node, HEADER + 8 * i, next(prev[i], i));
            arena.putLongRelease(prev[i], HEADER + 8 * i, node);
        }
    }
}

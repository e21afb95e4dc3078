// The in-memory sorted write buffer of the store (skiplist, filter, index, range tombstones).
// One writer at a time (the commit leader or recovery); readers never lock.
package dev.cairn.lsm.internal.memtable;

import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.key.FoundEntry;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.key.RangeTombstoneSet;
import dev.cairn.lsm.internal.sstable.KeyHash;
import dev.cairn.lsm.internal.util.Bytes;
import dev.cairn.lsm.internal.util.VarInt;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory, sorted write buffer: internal key -> stored value in an arena
 * {@link SkipList}, plus the range tombstones written into it. Point reads go through a
 * {@link MemTableFilter} and a {@link MemTableIndex} to a key's newest node rather than searching
 * the list; scans walk the list. One writer at a time (the commit leader, or recovery) inserts;
 * readers never lock. Its size counts the index's table as well as the list's nodes. Range tombstones live in an immutable set
 * replaced on each insert. Readers see an entry once the leader publishes its sequence number.
 */
public final class MemTable {
    /** Memtable size planned for when the caller names none (the default option). */
    private static final long DEFAULT_PLANNED_BYTES = 16L << 20;
    /**
     * Bytes per key a memtable with no predecessor to learn from sizes its index for: generous, as
     * an index that grows stalls the writer while it rehashes every key.
     */
    private static final int PLANNED_BYTES_PER_KEY = 128;
    private final SkipList list;
    private final MemTableFilter filter;
    private final MemTableIndex index;
    private final long walNumber;
    private volatile RangeTombstoneSet tombstones = RangeTombstoneSet.EMPTY;
    private final List<RangeTombstone> tombstoneList = new ArrayList<>();
    private volatile long bytes;
    private volatile int entries;
    private volatile long minWriteTime = Long.MAX_VALUE;
    private volatile long maxWriteTime = Long.MIN_VALUE;
    private final byte[] timeScratch = new byte[10];

    /** @param walNumber the number of the write-ahead log that holds this memtable's writes */
    public MemTable(long walNumber) {
        this(walNumber, 64 * 1024, DEFAULT_PLANNED_BYTES);
    }

    /**
     * @param walNumber the write-ahead log holding this memtable's writes
     * @param firstChunk size of the arena's first chunk (it grows by doubling)
     * @param plannedBytes the size at which it will be frozen, which sizes its key index
     */
    public MemTable(long walNumber, int firstChunk, long plannedBytes) {
        this(walNumber, firstChunk, plannedBytes, LinkPrefix.NONE, plannedBytes / PLANNED_BYTES_PER_KEY);
    }

    private MemTable(long walNumber, int firstChunk, long plannedBytes, LinkPrefix linkPrefix, long expectedKeys) {
        this.walNumber = walNumber;
        this.list = new SkipList(firstChunk, linkPrefix);
        this.filter = new MemTableFilter(plannedBytes);
        this.index = new MemTableIndex((int) Math.min(Integer.MAX_VALUE, expectedKeys));
        this.bytes = index.bytes();
    }

    /**
     * @param walNumber the write-ahead log holding this memtable's writes
     * @param plannedBytes the size at which it will be frozen ({@code memtableSizeBytes})
     * @return an empty memtable
     */
    public static MemTable planned(long walNumber, long plannedBytes) {
        return new MemTable(walNumber, 64 * 1024, plannedBytes);
    }

    /**
     * An empty memtable to take over from {@code previous}, whose skiplist summarizes keys after
     * the leading bytes {@code previous}'s keys shared (see {@link LinkPrefix}). Keys unlike the
     * previous ones are ordered just as well, only searched without that shortcut.
     *
     * @param previous the memtable being frozen (read by the caller's thread, its single writer)
     * @param walNumber the write-ahead log holding the new memtable's writes
     * @param plannedBytes the size at which it will be frozen ({@code memtableSizeBytes})
     * @return an empty memtable
     */
    public static MemTable following(MemTable previous, long walNumber, long plannedBytes) {
        long first = previous.list.first();
        if (first == SkipList.NIL) {
            return planned(walNumber, plannedBytes);
        }
        LinkPrefix stem = LinkPrefix.around(previous.list.userKey(first), previous.list.userKey(previous.list.last()));
        return new MemTable(walNumber, 64 * 1024, plannedBytes, stem, Math.max(previous.entries, plannedBytes / PLANNED_BYTES_PER_KEY));
    }

    /**
     * An empty memtable whose skiplist summarizes keys after the leading bytes that keys from
     * {@code smallest} to {@code largest} share (see {@link LinkPrefix}), for writes expected to
     * look like them; any other keys are ordered just as well, only searched without that shortcut.
     *
     * @param walNumber the write-ahead log holding the new memtable's writes
     * @param plannedBytes the size at which it will be frozen ({@code memtableSizeBytes})
     * @param smallest a user key, at most {@code largest}
     * @param largest a user key
     * @return an empty memtable
     */
    public static MemTable near(long walNumber, long plannedBytes, byte[] smallest, byte[] largest) {
        return new MemTable(walNumber, 64 * 1024, plannedBytes, LinkPrefix.around(smallest, largest), plannedBytes / PLANNED_BYTES_PER_KEY);
    }

    /** @return the write-ahead log backing this memtable */
    public long walNumber() {
        return walNumber;
    }

    /** Adds an entry (put or point delete) given as whole arrays. Single writer. */
    public void add(byte[] internalKey, byte[] storedValue, long writeTime) {
        int ulen = internalKey.length - InternalKey.TRAILER;
        long h = KeyHash.hash64(internalKey, 0, ulen);
        filter.add(h);
        long node = list.insert(internalKey, 0, ulen, Bytes.getLong(internalKey, ulen), storedValue, storedValue.length, storedValue, 0, 0);
        index.put(list, node, h, internalKey, 0, ulen);
        added(writeTime);
    }

    /**
     * Adds an entry straight from slices of a batch record, without intermediate arrays. Single
     * writer.
     *
     * @param src the array holding the user key and value
     * @param keyOff offset of the user key
     * @param keyLen its length
     * @param trailer the internal-key trailer
     * @param writeTime the write time stored in front of the value
     * @param valueOff offset of the user value
     * @param valueLen its length (0 for a delete)
     */
    public void add(byte[] src, int keyOff, int keyLen, long trailer, long writeTime, int valueOff, int valueLen) {
        int n = VarInt.writeUnsigned(timeScratch, 0, writeTime);
        long h = KeyHash.hash64(src, keyOff, keyLen);
        filter.add(h);
        long node = list.insert(src, keyOff, keyLen, trailer, timeScratch, n, src, valueOff, valueLen);
        index.put(list, node, h, src, keyOff, keyLen);
        added(writeTime);
    }

    private void added(long writeTime) {
        bytes = list.usedBytes() + tombstoneBytes + index.bytes();
        entries = entries + 1;
        noteTime(writeTime);
    }

    private long tombstoneBytes;

    /** Adds a range tombstone. Single writer. */
    public void addRangeTombstone(RangeTombstone t, long writeTime) {
        synchronized (tombstoneList) {
            tombstoneList.add(t);
            tombstones = RangeTombstoneSet.of(tombstoneList);
        }
        tombstoneBytes += t.start().length + t.end().length + 48;
        bytes = list.usedBytes() + tombstoneBytes + index.bytes();
        noteTime(writeTime);
    }

    private void noteTime(long t) {
        if (t < minWriteTime) {
            minWriteTime = t;
        }
        if (t > maxWriteTime) {
            maxWriteTime = t;
        }
    }

    /**
     * @return the newest entry for {@code userKey} with sequence at most {@code snapshot}, or null
     */
    public FoundEntry get(byte[] userKey, long snapshot) {
        return get(userKey, KeyHash.hash64(userKey, 0, userKey.length), snapshot);
    }

    /**
     * {@link #get(byte[], long)} for a caller that has hashed the key.
     *
     * @param keyHash {@link KeyHash#hash64} of {@code userKey}
     * @return the newest entry for {@code userKey} with sequence at most {@code snapshot}, or null
     */
    public FoundEntry get(byte[] userKey, long keyHash, long snapshot) {
        return get(userKey, keyHash, snapshot, new FoundEntry());
    }

    /**
     * {@link #get(byte[], long, long)} written into a holder the caller reuses.
     *
     * @param into filled with the entry found (and returned); untouched when none is
     * @return {@code into}, or null
     */
    public FoundEntry get(byte[] userKey, long keyHash, long snapshot, FoundEntry into) {
        // No separate test for an empty memtable: its filter holds no key. (A branch only an empty
        // memtable takes would, the first time a reader meets one, throw away the reader's
        // compiled code.) The filter is small enough to stay in the cpu cache, the index is not.
        if (!filter.mayContain(keyHash)) {
            return null;
        }
        long node = index.get(list, keyHash, userKey);
        // Versions of a key sort newest first: walk on to the newest the snapshot sees.
        while (node != SkipList.NIL && InternalKey.sequenceOf(list.trailer(node)) > snapshot) {
            node = list.next(node, 0);
            if (node != SkipList.NIL && !list.userKeyEquals(node, userKey)) {
                return null;
            }
        }
        return node == SkipList.NIL ? null : list.found(node, userKey, into);
    }

    /** @return the range tombstones of this memtable */
    public RangeTombstoneSet rangeTombstones() {
        return tombstones;
    }

    /** @return an iterator over the point entries */
    public InternalIterator iterator() {
        return new MemTableIterator(list);
    }

    /** @return approximate bytes held */
    public long approximateBytes() {
        return bytes;
    }

    /** @return true when nothing was written */
    public boolean isEmpty() {
        return entries == 0 && tombstones.isEmpty();
    }

    /** @return the number of point entries */
    public int entryCount() {
        return entries;
    }

    /** @return the earliest write time recorded, or Long.MAX_VALUE when empty */
    public long minWriteTime() {
        return minWriteTime;
    }

    /** @return the latest write time recorded, or Long.MIN_VALUE when empty */
    public long maxWriteTime() {
        return maxWriteTime;
    }
}

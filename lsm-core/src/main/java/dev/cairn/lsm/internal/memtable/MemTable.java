package dev.cairn.lsm.internal.memtable;

import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.RangeTombstone;
import dev.cairn.lsm.internal.key.RangeTombstoneSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory, sorted write buffer: internal key -> stored value, plus the range tombstones
 * written into it. Readers never lock: point entries live in a {@link ConcurrentSkipListMap}
 * and range tombstones in an immutable set replaced on each insert. Inserts come from one
 * thread at a time (the commit leader), so no two writers race on the tombstone set; readers see
 * an entry once the leader publishes its sequence number.
 */
public final class MemTable {
    /** Rough per-entry bookkeeping cost of a skiplist node, counted in the size. */
    private static final int ENTRY_OVERHEAD = 48;

    private final ConcurrentSkipListMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(InternalKey.COMPARATOR);
    private final AtomicLong bytes = new AtomicLong();
    private final long walNumber;
    private volatile RangeTombstoneSet tombstones = RangeTombstoneSet.EMPTY;
    private final List<RangeTombstone> tombstoneList = new ArrayList<>();
    private volatile long minWriteTime = Long.MAX_VALUE;
    private volatile long maxWriteTime = Long.MIN_VALUE;

    /** @param walNumber the number of the write-ahead log that holds this memtable's writes */
    public MemTable(long walNumber) {
        this.walNumber = walNumber;
    }

    /** @return the write-ahead log backing this memtable */
    public long walNumber() {
        return walNumber;
    }

    /** Adds an entry (put or point delete). Single writer at a time. */
    public void add(byte[] internalKey, byte[] storedValue, long writeTime) {
        map.put(internalKey, storedValue);
        bytes.addAndGet(internalKey.length + storedValue.length + ENTRY_OVERHEAD);
        noteTime(writeTime);
    }

    /** Adds a range tombstone. Single writer at a time. */
    public void addRangeTombstone(RangeTombstone t, long writeTime) {
        synchronized (tombstoneList) {
            tombstoneList.add(t);
            tombstones = RangeTombstoneSet.of(tombstoneList);
        }
        bytes.addAndGet(t.start().length + t.end().length + ENTRY_OVERHEAD);
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
     * @return the newest entry for {@code userKey} with sequence at most {@code snapshot}, as
     *     {key, value}, or null
     */
    public Map.Entry<byte[], byte[]> get(byte[] userKey, long snapshot) {
        Map.Entry<byte[], byte[]> e = map.ceilingEntry(InternalKey.seekKey(userKey, snapshot));
        if (e == null || InternalKey.compareUserKey(e.getKey(), userKey) != 0) {
            return null;
        }
        return e;
    }

    /** @return the range tombstones of this memtable */
    public RangeTombstoneSet rangeTombstones() {
        return tombstones;
    }

    /** @return an iterator over the point entries */
    public InternalIterator iterator() {
        return new MemTableIterator(map);
    }

    /** @return approximate bytes held */
    public long approximateBytes() {
        return bytes.get();
    }

    /** @return true when nothing was written */
    public boolean isEmpty() {
        return map.isEmpty() && tombstones.isEmpty();
    }

    /** @return the number of point entries */
    public int entryCount() {
        return map.size();
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

// The engine's in-memory reads for layers built on the public API in this project (the Kotlin
// module): point reads and cursors that answer from memtables, the block cache and table pages
// the OS holds in memory, or say that disk I/O is needed.
// Internal, not part of the dev.cairn.lsm contract. Thread-safe (like LsmStore.get).
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.internal.sstable.NotCachedException;

/**
 * Reads that never wait for the disk, for a caller that must not block (a coroutine on a CPU
 * dispatcher). They answer from memtables, open tables' in-memory filters and indexes, the block
 * cache, and blocks of memory-mapped tables whose pages the OS holds in its page cache (a copy
 * from memory, like a cache hit); where the disk would be needed, {@link #get} returns
 * {@link #NEEDS_IO} and a cursor from {@link #newCursor} throws {@link NotCachedException}, after
 * which the caller reads through {@link LsmStore} where blocking is fine. An answer, when given,
 * is the one the ordinary read would give. Internal API: it may change without notice.
 */
public final class CacheOnlyReads {
    /** Returned by {@link #get} when the answer needs file I/O; compare by identity ({@code ===}). */
    public static final byte[] NEEDS_IO = PointLookup.NEEDS_IO;

    private CacheOnlyReads() {
    }

    /**
     * Reads the latest value of {@code key} from memory only.
     *
     * @param db a store; one not opened by this engine (a wrapper, say) always gets {@link #NEEDS_IO}
     * @param key the key
     * @return the value, null when the key is absent, or {@link #NEEDS_IO}
     * @throws IllegalArgumentException for a null or oversized key
     * @throws dev.cairn.lsm.StoreClosedException if the store is closed
     */
    public static byte[] get(LsmStore db, byte[] key) {
        return db instanceof StoreEngine engine ? engine.getCached(key) : NEEDS_IO;
    }

    /**
     * Opens a cursor that reads memory only: memtables, tables already open, blocks already in
     * the block cache or resident in the page cache. A call that would need the disk throws
     * {@link NotCachedException} instead, after which the cursor's position is undefined and it
     * must be closed; nothing else about it differs from {@link LsmStore#newCursor(ReadOptions)}.
     *
     * @param db a store; one not opened by this engine gets null
     * @param options the snapshot to read (fillCache does not apply: resident blocks read are cached)
     * @return the cursor, or null when {@code db} is not this engine's
     * @throws NotCachedException when opening the cursor already needs a file
     * @throws dev.cairn.lsm.StoreClosedException if the store is closed
     */
    public static Cursor newCursor(LsmStore db, ReadOptions options) {
        return db instanceof StoreEngine engine ? engine.newCachedCursor(options) : null;
    }
}

// The engine's in-memory point read for layers built on the public API in this project (the
// Kotlin module): answers from memtables and the block cache, or says that I/O is needed.
// Internal, not part of the dev.cairn.lsm contract. Thread-safe (like LsmStore.get).
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.LsmStore;

/**
 * A point read that never touches a file, for a caller that must not block (a coroutine on a
 * CPU dispatcher): it answers from memtables, open tables' in-memory filters and indexes, and the
 * block cache, and otherwise returns {@link #NEEDS_IO}, after which the caller does an ordinary
 * {@link LsmStore#get(byte[])} where blocking is fine. The answer, when given, is the one
 * {@code get(key)} would give at that moment. Internal API: it may change without notice.
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
}

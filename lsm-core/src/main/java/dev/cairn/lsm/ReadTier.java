// Where a read may look for its answer: everywhere, or memory only (RocksDB's kBlockCacheTier).
// Immutable.
package dev.cairn.lsm;

/**
 * Where a read may look for its answer (RocksDB's {@code ReadTier}). Set it with
 * {@link ReadOptions#readTier(ReadTier)}.
 */
public enum ReadTier {
    /** Everything: memory and, where needed, the table files on disk. The default. */
    ALL,

    /**
     * Memory only, like RocksDB's {@code kBlockCacheTier}: the memtables, tables already open (their
     * filters, indexes and range tombstones), blocks in the block cache, and blocks of memory-mapped
     * tables whose pages the operating system holds in its page cache (read as a memory copy and
     * then cached, whatever {@link ReadOptions#fillCache()} says). A read that would have to open a
     * table or read a block from the disk does not: {@link LsmStore#get(byte[], ReadOptions)} and
     * the cursor's positioning calls throw {@link IncompleteReadException}, and
     * {@link LsmStore#getOrIncomplete} returns the caller's marker. An answer, when there is one, is
     * the one {@link #ALL} would give. Meant for a thread that must not block (a UI thread, a
     * coroutine on a CPU dispatcher): it answers in place and moves to an I/O thread only when told
     * the disk is needed.
     */
    MEMORY_ONLY
}

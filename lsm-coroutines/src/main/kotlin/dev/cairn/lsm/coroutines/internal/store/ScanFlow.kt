// A Store's range scans as cold Flows. Each collection takes a snapshot and reads it in two
// passes: first from memory on the collector's own thread (memtables, open tables, cached
// blocks and table pages in the OS page cache; at most MEMORY_ENTRIES entries), then, if the
// range goes on, from Dispatchers.IO, resuming just after the last key emitted. A scan of data in
// memory (up to a few thousand entries: an app's whole list) thus costs no thread hop; a longer
// one, or one that needs the disk, reads on IO and crosses to the collector in chunks.
// Thread-safe: every collection has its own snapshot and cursors.
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.Cursor
import dev.cairn.lsm.IncompleteReadException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.ReadTier
import dev.cairn.lsm.coroutines.Entry
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.transform

/**
 * Entries read from memory on the collector's thread before the scan moves to IO. (At 256, a
 * 2000-entry scan of a desktop app's notes spent 60 % of its time parked, waiting for chunks from
 * IO; an entry from memory costs well under a microsecond once warm, so 4096 hold the collector's
 * thread for a few milliseconds at most.)
 */
internal const val MEMORY_ENTRIES = 4096

/** Entries per hand-off from the IO reader: chunks start small and double up to this. */
private const val SCAN_CHUNK = 128
private const val FIRST_SCAN_CHUNK = 8

/** The keys `[from, to)` of a scan (null: unbounded), and its direction. */
internal class ScanRange(val from: ByteArray?, val to: ByteArray?, val reverse: Boolean) {
    /** @return whether [key], reached by moving in this scan's direction, is still inside the range */
    fun contains(key: ByteArray): Boolean =
        if (reverse) from == null || ByteKeys.compare(key, from) >= 0 else to == null || ByteKeys.compare(key, to) < 0

    /** Puts [c] on the scan's first entry, or just past [after] (a key already emitted) when given. */
    fun position(c: Cursor, after: ByteArray?) {
        if (after != null) {
            if (reverse) c.seekForPrev(after) else c.seek(after)
            if (c.isValid && c.key().contentEquals(after)) step(c)
        } else if (!reverse) {
            if (from == null) c.seekToFirst() else c.seek(from)
        } else if (to == null) {
            c.seekToLast()
        } else {
            c.seekForPrev(to)
            if (c.isValid && ByteKeys.compare(c.key(), to) >= 0) c.prev()
        }
    }

    /** Moves [c] one entry in the scan's direction. */
    fun step(c: Cursor) {
        if (reverse) c.prev() else c.next()
    }

    /**
     * Positions [c] (see [position]) and hands [each] the entries of the range, at most [limit].
     *
     * @return true when the range is done, false when [limit] stopped the walk
     */
    inline fun walk(c: Cursor, after: ByteArray?, limit: Int, each: (Entry) -> Unit): Boolean {
        position(c, after)
        var n = 0
        while (c.isValid) {
            val key = c.key()
            if (!contains(key)) return true
            if (n == limit) return false
            each(Entry(key, c.value()))
            n++
            step(c)
        }
        return true
    }
}

/** Opens a cursor with the given read options over one keyspace of a store (a column family). */
internal typealias CursorOpener = (ReadOptions) -> Cursor

/**
 * @param memoryEntries the most entries the memory pass reads ([MEMORY_ENTRIES]; specs pass fewer)
 * @param openCursor opens the cursors of the keyspace scanned; the default family's unless given
 * @return the entries of [range] in [db], read as the file comment says
 */
internal fun scanFlow(
    db: LsmStore,
    range: ScanRange,
    memoryEntries: Int = MEMORY_ENTRIES,
    openCursor: CursorOpener = db::newCursor,
): Flow<Entry> = flow {
    db.snapshot().use { snapshot ->
        val options = ReadOptions.at(snapshot)
        val memory = readFromMemory(openCursor, options, range, memoryEntries)
        if (!memory.finished) {
            emitAll(readOnIo(openCursor, options, range, memory.lastKey))
        }
    }
}

/** What the memory pass did: the last key it emitted (null: none), and whether the range is done. */
private class MemoryPass(var lastKey: ByteArray? = null, var finished: Boolean = false)

private suspend fun FlowCollector<Entry>.readFromMemory(
    openCursor: CursorOpener,
    options: ReadOptions,
    range: ScanRange,
    memoryEntries: Int,
): MemoryPass {
    val pass = MemoryPass()
    val cursor = try {
        openCursor(options.readTier(ReadTier.MEMORY_ONLY))
    } catch (e: IncompleteReadException) {
        return pass
    }
    cursor.use { c ->
        try {
            pass.finished = range.walk(c, null, memoryEntries) { e ->
                emit(e)
                pass.lastKey = e.key
            }
        } catch (e: IncompleteReadException) {
            // A file would have to be read: the IO pass goes on after pass.lastKey.
        }
    }
    return pass
}

/** The rest of [range] after [after] (null: all of it), read on Dispatchers.IO in growing chunks. */
private fun readOnIo(openCursor: CursorOpener, options: ReadOptions, range: ScanRange, after: ByteArray?): Flow<Entry> = flow {
    openCursor(options).use { cursor ->
        var limit = FIRST_SCAN_CHUNK
        var chunk = ArrayList<Entry>(limit)
        range.walk(cursor, after, Int.MAX_VALUE) { e ->
            chunk += e
            if (chunk.size == limit) {
                emit(chunk)
                limit = minOf(limit * 2, SCAN_CHUNK)
                chunk = ArrayList(limit)
            }
        }
        if (chunk.isNotEmpty()) emit(chunk)
    }
}.flowOn(Dispatchers.IO).buffer(2).transform { chunk -> for (e in chunk) emit(e) }

// A Store's range scans as cold Flows. Each collection takes a snapshot and reads it in two
// passes: first from memory on the collector's own thread (memtables, open tables, cached
// blocks and table pages in the OS page cache), for as long as the answers are in memory; then,
// if the range goes on and a file must be read, from Dispatchers.IO, resuming just after the last
// key emitted. A scan of data in memory thus costs no thread hop, however long (as a Java cursor
// over the same data); one that needs the disk reads on IO and crosses to the collector in chunks.
// Thread-safe: every collection has its own snapshot and cursors.
//
// The cursor is stepped by RangeWalk, plain code that never suspends, and what it returns is
// emitted by EmitLoop's plain loop (see its file comment). The walk used to be inlined into a
// suspending loop with a catch around its suspension points: C1 refused that method ("block join
// failed"), as it refuses every suspending loop, and seeks and scans ran interpreted.
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

/**
 * Entries read from memory on the collector's thread before the scan moves to IO: no limit. (At
 * 256, a 2000-entry scan of a desktop app's notes spent 60 % of its time parked, waiting for chunks
 * from IO; at 4096, a scan of 300 000 entries in memory ran at 0.4× a Java cursor's speed, its
 * chunks crossing from IO to the collector's thread. An entry from memory is no blocking work,
 * and a collector that wants even that off its thread says so with `flowOn(Dispatchers.IO)`.)
 */
internal const val MEMORY_ENTRIES = Int.MAX_VALUE

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
        val w = RangeWalk(c, this, after, limit)
        while (true) each(w.next() ?: return w.finished)
    }
}

/**
 * Steps [cursor] through [range] one entry per [next], without suspending: first to the range's
 * first entry (or just past [after], a key already emitted), at most [limit] entries. Used from
 * one thread.
 */
internal class RangeWalk(private val cursor: Cursor, private val range: ScanRange, private val after: ByteArray?, private val limit: Int) {
    private var started = false
    private var count = 0

    /** True once the walk found the range done; false while it may go on (it stopped at [limit], or was not asked). */
    var finished = false
        private set

    /** The key of the last entry [next] returned; null before the first. */
    var lastKey: ByteArray? = null
        private set

    /**
     * @return the next entry of the range, or null when the walk stops: the range is done
     *     ([finished]) or [limit] entries were returned
     * @throws IncompleteReadException from a memory-only cursor that needs the disk (see [nextInMemory])
     */
    fun next(): Entry? {
        if (started) range.step(cursor) else {
            started = true
            range.position(cursor, after)
        }
        if (!cursor.isValid) return done()
        val key = cursor.key()
        if (!range.contains(key)) return done()
        if (count == limit) return null
        val entry = Entry(key, cursor.value())
        count++
        lastKey = key
        return entry
    }

    /** [next] on a memory-only cursor: null also when the disk is needed (the IO pass goes on after [lastKey]). */
    fun nextInMemory(): Entry? = try {
        next()
    } catch (e: IncompleteReadException) {
        null
    }

    /** Moves up to [max] entries into [chunk] (empty first). */
    fun fill(chunk: ArrayList<Entry>, max: Int) {
        while (chunk.size < max) chunk.add(next() ?: return)
    }

    /** Closes the cursor. */
    fun close() {
        cursor.close()
    }

    private fun done(): Entry? {
        finished = true
        return null
    }
}

/** Opens a cursor with the given read options over one keyspace of a store (a column family). */
internal typealias CursorOpener = (ReadOptions) -> Cursor

/**
 * @param memoryEntries the most entries the memory pass reads ([MEMORY_ENTRIES]; specs pass fewer)
 * @param check run first at each collection (the store's open check), before anything is read
 * @param openCursor opens the cursors of the keyspace scanned; the default family's unless given
 * @return the entries of [range] in [db], read as the file comment says
 */
internal fun scanFlow(
    db: LsmStore,
    range: ScanRange,
    memoryEntries: Int = MEMORY_ENTRIES,
    check: () -> Unit = {},
    openCursor: CursorOpener = db::newCursor,
): Flow<Entry> = flow {
    check()
    val snapshot = db.snapshot()
    try {
        val options = ReadOptions.at(snapshot)
        val memory = openInMemory(openCursor, options)?.let { RangeWalk(it, range, null, memoryEntries) }
        if (memory != null) emitFromMemory(memory)
        if (memory == null || !memory.finished) emitAll(readOnIo(openCursor, options, range, memory?.lastKey))
    } finally {
        snapshot.close()
    }
}

/** @return a memory-only cursor, or null when even opening one needs the disk */
private fun openInMemory(openCursor: CursorOpener, options: ReadOptions): Cursor? = try {
    openCursor(options.readTier(ReadTier.MEMORY_ONLY))
} catch (e: IncompleteReadException) {
    null
}

/** Emits what [walk] finds in memory, then closes its cursor. */
private suspend fun FlowCollector<Entry>.emitFromMemory(walk: RangeWalk) {
    try {
        emitWhileInMemory(walk)
    } finally {
        walk.close()
    }
}

/** The rest of [range] after [after] (null: all of it), read on Dispatchers.IO in growing chunks. */
private fun readOnIo(openCursor: CursorOpener, options: ReadOptions, range: ScanRange, after: ByteArray?): Flow<Entry> {
    val chunks = flow {
        val walk = RangeWalk(openCursor(options), range, after, Int.MAX_VALUE)
        try {
            var limit = FIRST_SCAN_CHUNK
            while (true) {
                val chunk = ArrayList<Entry>(limit)
                walk.fill(chunk, limit)
                if (chunk.isEmpty()) break
                emit(chunk)
                if (chunk.size < limit) break
                limit = minOf(limit * 2, SCAN_CHUNK)
            }
        } finally {
            walk.close()
        }
    }.flowOn(Dispatchers.IO).buffer(2)
    return flow { chunks.collect { chunk -> emitEach(chunk) } }
}

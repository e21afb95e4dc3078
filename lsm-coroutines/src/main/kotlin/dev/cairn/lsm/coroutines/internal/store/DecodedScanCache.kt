// The decoded entries of whole typed-map scans, kept in memory so the next whole scan of a map no
// write touched hands them back without reading or decoding (DataStore's habit: the decoded object
// stays in memory). Bounded by the raw bytes the entries took in the store, over all maps; off when
// the bound is 0. Every write path of the Store brackets its commit with beginWrite/endWrite, so a
// write empties the entries of the maps it touches before it commits and keeps them from being
// refilled until it is acknowledged. Thread-safe.
package dev.cairn.lsm.coroutines.internal.store

import java.util.concurrent.ConcurrentHashMap

/**
 * The cache of one store. A map's entries are filled by a whole scan that saw no write to the map
 * begin or end while it ran ([Slot.ticket] then [Slot.fill]), and served only while no write to
 * the map is in flight. Entries are shared between scans: the values must not be mutated (as with
 * DataStore's data).
 *
 * @param budgetBytes the most raw key and value bytes the cached entries may stand for, all maps
 *     together; 0: nothing is cached
 */
internal class DecodedScanCache(private val budgetBytes: Long) {
    /** The entries of one map, as one [Watch]'s range, with the writes that touch it. Guarded by its monitor. */
    inner class Slot internal constructor(private val watch: Watch) {
        private var entries: List<Any?>? = null
        private var bytes = 0L
        private var writing = 0
        private var generation = 0L

        /** @return the entries in key order, or null when none are cached or a write to the map is in flight */
        @Synchronized
        fun cached(): List<Any?>? = if (writing == 0) entries else null

        /** @return a ticket for a scan that may fill this slot, or -1 when a write is in flight (no fill then) */
        @Synchronized
        fun ticket(): Long = if (writing == 0) generation else -1

        /**
         * Keeps [list] (in key order, [size] raw bytes) when no write touched the map since [ticket]
         * was taken and the budget holds it; otherwise drops it.
         */
        fun fill(ticket: Long, list: List<Any?>, size: Long) {
            if (ticket < 0 || size > budgetBytes) return
            synchronized(this) {
                if (writing != 0 || generation != ticket || entries != null) return
                entries = list
                bytes = size
            }
            reserve(this, size)
        }

        /** @return whether entries of [size] raw bytes may be kept at all */
        fun fits(size: Long): Boolean = size <= budgetBytes

        internal fun touchedBy(touched: TouchedKeys): Boolean = touched.touches(watch)

        internal fun begin() {
            val freed = synchronized(this) {
                writing++
                generation++
                clear()
            }
            release(freed)
        }

        @Synchronized
        internal fun end() {
            writing--
            generation++
        }

        /** Drops the entries, if any, for room. */
        internal fun evict() = release(synchronized(this) { clear() })

        /** @return the bytes freed */
        private fun clear(): Long {
            val freed = if (entries == null) 0L else bytes
            entries = null
            bytes = 0
            return freed
        }

        @Synchronized
        internal fun held(): Long = if (entries == null) 0 else bytes
    }

    private val slots = ConcurrentHashMap<Any, Slot>()

    /** Bytes held by every slot; guarded by [slots]' own lock object, [budgetLock]. */
    private var used = 0L
    private val budgetLock = Any()

    /** Whether anything may be cached at all. */
    val enabled: Boolean get() = budgetBytes > 0

    /** @return the slot of the map known by [identity] (name, family, codecs), whose keys [watch] covers */
    fun slot(identity: Any, watch: () -> Watch): Slot = slots.computeIfAbsent(identity) { Slot(watch()) }

    /** Before [touched] is committed: empties and holds the slots it touches. */
    fun beginWrite(touched: TouchedKeys) {
        if (slots.isEmpty()) return
        for (s in slots.values) if (s.touchedBy(touched)) s.begin()
    }

    /** After the commit of [touched] (acknowledged or failed): lets the slots it touched fill again. */
    fun endWrite(touched: TouchedKeys) {
        if (slots.isEmpty()) return
        for (s in slots.values) if (s.touchedBy(touched)) s.end()
    }

    /** Accounts [size] bytes filled into [filled], evicting other slots until the budget holds. */
    private fun reserve(filled: Slot, size: Long) {
        val over = synchronized(budgetLock) {
            used += size
            used - budgetBytes
        }
        if (over <= 0) return
        for (s in slots.values) {
            if (s !== filled && s.held() > 0) s.evict()
            if (synchronized(budgetLock) { used <= budgetBytes }) return
        }
    }

    private fun release(freed: Long) {
        if (freed > 0) synchronized(budgetLock) { used -= freed }
    }

    /** @return the raw bytes the cached entries stand for, all maps together (for specs) */
    fun usedBytes(): Long = synchronized(budgetLock) { used }
}

// The receiver-free handle a Store.transaction block works through: reads at the transaction's
// snapshot (its own writes over it), buffered writes and merges, savepoints, in the default
// keyspace or in any column family of the store (the overloads taking a StoreFamily first), and
// typed-map access through TypedMap.get(tx, key) / put(tx, key, value) / merge(tx, key, operand) /
// remove(tx, key), prefix maps and maps in a family alike. Confined to the block that received it:
// not thread-safe, and unusable once the block has returned.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.ColumnFamily
import dev.cairn.lsm.Cursor
import dev.cairn.lsm.Transaction
import dev.cairn.lsm.coroutines.internal.store.TouchedKeys
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * One attempt of a [Store.transaction] block: reads see the snapshot taken when the attempt began
 * with this transaction's own writes over it; writes are buffered and committed atomically when
 * the block returns. Reads that may touch the disk run on `Dispatchers.IO`; writes only buffer.
 *
 * ```
 * store.transaction { tx ->
 *     val a = accounts.get(tx, alice)!!
 *     accounts.put(tx, alice, a.copy(balance = a.balance - 10))
 * }
 * ```
 */
public class TransactionScope internal constructor(
    /** The store the transaction runs on; typed maps used with it must belong to it. */
    public val store: Store,
    private val tx: Transaction,
) {
    internal val touched = TouchedKeys()

    /** @return this transaction's view of [key]: its own write, else the snapshot's value; null when absent */
    public suspend fun get(key: ByteArray): ByteArray? = getIn(null, key)

    /**
     * @return this transaction's view of [key] in [family]: its own write there, else the
     *     snapshot's value in the family; null when absent
     * @throws IllegalArgumentException if the family is another store's or was dropped
     */
    public suspend fun get(family: StoreFamily, key: ByteArray): ByteArray? = getIn(family, key)

    /** Buffers a put of [value] under [key]. */
    public fun put(key: ByteArray, value: ByteArray) {
        putIn(null, key, value)
    }

    /** Buffers a put of [value] under [key] in [family]. @throws IllegalArgumentException if the family is another store's or dropped */
    public fun put(family: StoreFamily, key: ByteArray, value: ByteArray) {
        putIn(family, key, value)
    }

    /**
     * Buffers a merge of [operand] into [key]: the store's merge operator folds it in. This
     * transaction's own reads see the fold over its view; commit writes the operand as a merge.
     * For validation a merge is a write of the key (a newer commit of the key makes the block run
     * again), never a read. A counter that must never conflict is better bumped outside a
     * transaction ([Store.merge], `TypedMap.merge`).
     *
     * @throws IllegalArgumentException if the store has no merge operator
     */
    public fun merge(key: ByteArray, operand: ByteArray) {
        mergeIn(null, key, operand)
    }

    /**
     * Buffers a merge of [operand] into [key] of [family], folded by the family's merge operator.
     *
     * @throws IllegalArgumentException if the family has no merge operator (the message names it),
     *     is another store's or was dropped
     */
    public fun merge(family: StoreFamily, key: ByteArray, operand: ByteArray) {
        mergeIn(family, key, operand)
    }

    /** Buffers a delete of [key]. */
    public fun delete(key: ByteArray) {
        deleteIn(null, key)
    }

    /** Buffers a delete of [key] in [family]. */
    public fun delete(family: StoreFamily, key: ByteArray) {
        deleteIn(family, key)
    }

    /** Buffers a delete of every key in `[from, to)`. */
    public fun deleteRange(from: ByteArray, to: ByteArray) {
        tx.deleteRange(from, to)
        touched.range(from.copyOf(), to.copyOf())
    }

    /** Buffers a delete of every key in `[from, to)` of [family]. */
    public fun deleteRange(family: StoreFamily, from: ByteArray, to: ByteArray) {
        tx.deleteRange(handleOf(family), from, to)
        touched.range(from.copyOf(), to.copyOf(), family.watchName)
    }

    /**
     * @return up to [limit] entries of this transaction's view with keys in `[from, to)` (null:
     *     unbounded), in key order or reverse order; under `serializable()` the range read is
     *     validated at commit
     */
    public suspend fun entries(from: ByteArray? = null, to: ByteArray? = null, reverse: Boolean = false, limit: Int = Int.MAX_VALUE): List<Entry> =
        withContext(Dispatchers.IO) { tx.newCursor().use { c -> c.collect(from, to, reverse, limit) } }

    /** As the other [entries], over [family]: the family's snapshot with this transaction's writes there over it. */
    public suspend fun entries(family: StoreFamily, from: ByteArray? = null, to: ByteArray? = null, reverse: Boolean = false, limit: Int = Int.MAX_VALUE): List<Entry> {
        val handle = handleOf(family)
        return withContext(Dispatchers.IO) { tx.newCursor(handle).use { c -> c.collect(from, to, reverse, limit) } }
    }

    /** @return the engine handle of [family], refused when it is another store's or dropped */
    private fun handleOf(family: StoreFamily): ColumnFamily {
        family.requireUsableIn(store)
        return family.handle
    }

    internal suspend fun getIn(family: StoreFamily?, key: ByteArray): ByteArray? {
        if (family == null) return withContext(Dispatchers.IO) { tx.get(key) }
        val handle = handleOf(family)
        return withContext(Dispatchers.IO) { tx.get(handle, key) }
    }

    internal fun putIn(family: StoreFamily?, key: ByteArray, value: ByteArray) {
        if (family == null) tx.put(key, value) else tx.put(handleOf(family), key, value)
        touched.key(key.copyOf(), family?.watchName)
    }

    internal fun mergeIn(family: StoreFamily?, key: ByteArray, operand: ByteArray) {
        if (family == null) tx.merge(key, operand) else tx.merge(handleOf(family), key, operand)
        touched.key(key.copyOf(), family?.watchName)
    }

    internal fun deleteIn(family: StoreFamily?, key: ByteArray) {
        if (family == null) tx.delete(key) else tx.delete(handleOf(family), key)
        touched.key(key.copyOf(), family?.watchName)
    }

    /** Up to [limit] entries in `[from, to)`, forward or backward, from this unpositioned cursor. */
    private fun Cursor.collect(from: ByteArray?, to: ByteArray?, reverse: Boolean, limit: Int): List<Entry> = buildList {
        val c = this@collect
        if (!reverse) {
            if (from == null) c.seekToFirst() else c.seek(from)
            while (c.isValid && size < limit) {
                val k = c.key()
                if (to != null && java.util.Arrays.compareUnsigned(k, to) >= 0) break
                add(Entry(k, c.value()))
                c.next()
            }
        } else {
            if (to == null) c.seekToLast() else { c.seekForPrev(to); if (c.isValid && c.key().contentEquals(to)) c.prev() }
            while (c.isValid && size < limit) {
                val k = c.key()
                if (from != null && java.util.Arrays.compareUnsigned(k, from) < 0) break
                add(Entry(k, c.value()))
                c.prev()
            }
        }
    }

    /** Marks the write set; [rollbackToSavepoint] returns to the newest mark. */
    public fun setSavepoint() {
        tx.setSavepoint()
    }

    /** Undoes the writes since the newest savepoint. @throws IllegalStateException if none is set */
    public fun rollbackToSavepoint() {
        tx.rollbackToSavepoint()
    }
}

// The receiver-free handle a Store.transaction block works through: reads at the transaction's
// snapshot (its own writes over it), buffered writes and merges, savepoints, and typed-map access
// through TypedMap.get(tx, key) / put(tx, key, value) / merge(tx, key, operand) / remove(tx, key). Confined to the block that
// received it: not thread-safe, and unusable once the block has returned.
package dev.cairn.lsm.coroutines

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
    public suspend fun get(key: ByteArray): ByteArray? = withContext(Dispatchers.IO) { tx.get(key) }

    /** Buffers a put of [value] under [key]. */
    public fun put(key: ByteArray, value: ByteArray) {
        tx.put(key, value)
        touched.key(key.copyOf())
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
        tx.merge(key, operand)
        touched.key(key.copyOf())
    }

    /** Buffers a delete of [key]. */
    public fun delete(key: ByteArray) {
        tx.delete(key)
        touched.key(key.copyOf())
    }

    /** Buffers a delete of every key in `[from, to)`. */
    public fun deleteRange(from: ByteArray, to: ByteArray) {
        tx.deleteRange(from, to)
        touched.range(from.copyOf(), to.copyOf())
    }

    /**
     * @return up to [limit] entries of this transaction's view with keys in `[from, to)` (null:
     *     unbounded), in key order or reverse order; under `serializable()` the range read is
     *     validated at commit
     */
    public suspend fun entries(from: ByteArray? = null, to: ByteArray? = null, reverse: Boolean = false, limit: Int = Int.MAX_VALUE): List<Entry> =
        withContext(Dispatchers.IO) {
            tx.newCursor().use { c ->
                buildList {
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

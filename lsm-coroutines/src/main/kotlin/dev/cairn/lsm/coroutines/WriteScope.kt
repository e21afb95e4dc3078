// The receiver of Store.write { }: collects writes into one atomic batch. Not thread-safe; it
// lives only for the duration of the block that fills it.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.coroutines.internal.store.TouchedKeys

/**
 * Describes one atomic batch for [Store.write]: raw puts and deletes, and typed writes to any
 * map or value of the same store:
 *
 * ```
 * store.write {
 *     users[UserId(8)] = User("Grace")
 *     users.remove(UserId(7))
 *     settings.set(Settings(theme = Theme.DARK))
 * }
 * ```
 *
 * Later writes in the batch win over earlier ones on the same key. Arguments are checked as
 * they are added; a bad one throws IllegalArgumentException and nothing of the batch is written.
 */
@CairnDsl
public class WriteScope internal constructor(private val store: Store) {
    internal val batch = WriteBatch()
    internal val touched = TouchedKeys()

    /** Adds a put of [value] under [key]. */
    public fun put(key: ByteArray, value: ByteArray) {
        batch.put(key, value)
        touched.key(key.copyOf())
    }

    /** Adds a delete of [key]. */
    public fun delete(key: ByteArray) {
        batch.delete(key)
        touched.key(key.copyOf())
    }

    /** Adds a merge operand for raw [key] (see [Store.merge]). */
    public fun merge(key: ByteArray, operand: ByteArray) {
        batch.merge(key, operand)
        touched.key(key.copyOf())
    }

    /**
     * Adds a merge of [operand] into [key] of typed [map] (see [TypedMap.merge]):
     * `store.write { merge(counters, "home", 1L) }`. (`counters.merge(...)` inside the block is
     * the map's own suspending merge, a write of its own.)
     */
    public fun <K, V> merge(map: TypedMap<K, V>, key: K, operand: V) {
        map.requireSameStore(store)
        map.requireMerge()
        val k = map.keyBytes(key)
        batch.merge(k, map.valueBytes(operand))
        touched.key(k)
    }

    /** Adds a delete of every key in `[from, to)`. */
    public fun deleteRange(from: ByteArray, to: ByteArray) {
        batch.deleteRange(from, to)
        touched.range(from.copyOf(), to.copyOf())
    }

    /** Adds a put of [value] under [key] in this typed map. */
    public operator fun <K, V> TypedMap<K, V>.set(key: K, value: V) {
        requireSameStore(store)
        val k = keyBytes(key)
        batch.put(k, valueBytes(value))
        touched.key(k)
    }

    /** Adds a delete of [key] from this typed map. */
    public fun <K, V> TypedMap<K, V>.remove(key: K) {
        requireSameStore(store)
        val k = keyBytes(key)
        batch.delete(k)
        touched.key(k)
    }

    /** Adds a write of [value] to this typed value. */
    public fun <T> TypedValue<T>.set(value: T) {
        requireSameStore(store)
        batch.put(key, encode(value))
        touched.key(key)
    }
}

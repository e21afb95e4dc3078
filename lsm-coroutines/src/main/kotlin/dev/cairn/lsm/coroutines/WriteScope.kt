// The receiver of Store.write { }: collects writes into one atomic batch. Not thread-safe; it
// lives only for the duration of the block that fills it.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.Limits
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.coroutines.internal.store.TouchedKeys

/**
 * Describes one atomic batch for [Store.write]: raw puts and deletes, in the default keyspace or
 * in any column family ([StoreFamily]) of the store, and typed writes to any map or value of the
 * same store (a map in a family writes to its family). After a crash all of it is there or none:
 *
 * ```
 * store.write {
 *     users[UserId(8)] = User("Grace")
 *     users.remove(UserId(7))
 *     settings.set(Settings(theme = Theme.DARK))
 *     put(events, eventKey, eventBytes)      // another family, same atomic batch
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

    /** Adds a put of [value] under [key] in [family]. */
    public fun put(family: StoreFamily, key: ByteArray, value: ByteArray) {
        family.requireUsableIn(store)
        putIn(family, key.copyOf(), value)
    }

    /** Adds a delete of [key] from [family]. */
    public fun delete(family: StoreFamily, key: ByteArray) {
        family.requireUsableIn(store)
        deleteIn(family, key.copyOf())
    }

    /** Adds a delete of every key in `[from, to)` of [family]. */
    public fun deleteRange(family: StoreFamily, from: ByteArray, to: ByteArray) {
        family.requireUsableIn(store)
        batch.deleteRange(family.handle, from, to)
        touched.range(from.copyOf(), to.copyOf(), family.watchName)
    }

    /** Adds a merge operand for [key] of [family], folded by the family's merge operator (see [StoreFamily.merge]). */
    public fun merge(family: StoreFamily, key: ByteArray, operand: ByteArray) {
        family.requireUsableIn(store)
        mergeIn(family, key.copyOf(), operand)
    }

    /** Adds a put to [family], or to the default keyspace when null; observers are told of [key] (not copied). */
    internal fun putIn(family: StoreFamily?, key: ByteArray, value: ByteArray) {
        family?.requireLive()
        if (family == null) batch.put(key, value) else batch.put(family.handle, key, value)
        touched.key(key, family?.watchName)
    }

    /** Adds a delete to [family], or to the default keyspace when null. */
    internal fun deleteIn(family: StoreFamily?, key: ByteArray) {
        family?.requireLive()
        if (family == null) batch.delete(key) else batch.delete(family.handle, key)
        touched.key(key, family?.watchName)
    }

    /** Adds a merge to [family], or to the default keyspace when null. */
    internal fun mergeIn(family: StoreFamily?, key: ByteArray, operand: ByteArray) {
        family?.requireLive()
        if (family == null) batch.merge(key, operand) else batch.merge(family.handle, key, operand)
        touched.key(key, family?.watchName)
    }

    /**
     * Adds deletes of every key of [family]: a range from the empty key to the greatest key there
     * may be (every byte 0xFF, [Limits.MAX_KEY_SIZE] long), and a delete of that key itself.
     */
    internal fun clear(family: StoreFamily) {
        val last = ByteArray(Limits.MAX_KEY_SIZE) { 0xFF.toByte() }
        batch.deleteRange(family.handle, ByteArray(0), last)
        batch.delete(family.handle, last)
        touched.range(ByteArray(0), last, family.watchName)
        touched.key(last, family.watchName)
    }

    /**
     * Adds a merge of [operand] into [key] of typed [map] (see [TypedMap.merge]):
     * `store.write { merge(counters, "home", 1L) }`. (`counters.merge(...)` inside the block is
     * the map's own suspending merge, a write of its own.)
     */
    public fun <K, V> merge(map: TypedMap<K, V>, key: K, operand: V) {
        map.requireSameStore(store)
        map.requireMerge()
        mergeIn(map.family, map.keyBytes(key), map.valueBytes(operand))
    }

    /** Adds a delete of every key in `[from, to)`. */
    public fun deleteRange(from: ByteArray, to: ByteArray) {
        batch.deleteRange(from, to)
        touched.range(from.copyOf(), to.copyOf())
    }

    /** Adds a put of [value] under [key] in this typed map. */
    public operator fun <K, V> TypedMap<K, V>.set(key: K, value: V) {
        requireSameStore(store)
        putIn(family, keyBytes(key), valueBytes(value))
    }

    /** Adds a delete of [key] from this typed map. */
    public fun <K, V> TypedMap<K, V>.remove(key: K) {
        requireSameStore(store)
        deleteIn(family, keyBytes(key))
    }

    /** Adds a write of [value] to this typed value. */
    public fun <T> TypedValue<T>.set(value: T) {
        requireSameStore(store)
        batch.put(key, encode(value))
        touched.key(key)
    }
}

// A typed, ordered map stored under its own key prefix of a Store. Thread-safe; holds no state
// besides its codecs.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.coroutines.internal.store.ByteKeys
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map
import kotlinx.serialization.BinaryFormat
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.serializer

/**
 * A map from [K] to [V] stored in a [Store] under a key prefix unique to [name]. Keys are
 * encoded with [OrderedKeyFormat], so [scan] returns entries in the order of the keys' values
 * (numbers by value, strings lexicographically, data classes field by field). Values use the
 * map's value format ([CompactValueFormat] unless another was given).
 *
 * Every member may be called concurrently. [update] is atomic with respect to other updates
 * through the same store. Inside [Store.write], `map[key] = value` and `map.remove(key)` join
 * the store's atomic batch.
 *
 * Stored bytes that no longer decode raise [CorruptionException] naming the map and the key.
 *
 * @property store the store this map lives in
 * @property name the map's name
 */
public class TypedMap<K, V> internal constructor(
    public val store: Store,
    public val name: String,
    private val keySerializer: KSerializer<K>,
    private val valueSerializer: KSerializer<V>,
    private val keyFormat: OrderedKeyFormat,
    private val valueFormat: BinaryFormat,
) {
    private val prefix = ByteKeys.mapPrefix(name)
    private val prefixEnd = ByteKeys.prefixEnd(prefix)!! // a map prefix never ends in 0xFF

    internal fun keyBytes(key: K): ByteArray = prefix + keyFormat.encodeToByteArray(keySerializer, key)

    internal fun valueBytes(value: V): ByteArray = valueFormat.encodeToByteArray(valueSerializer, value)

    internal fun requireSameStore(other: Store) =
        require(other === store) { "map '$name' belongs to $store, not to $other: a batch cannot span stores" }

    private fun decodeKey(bytes: ByteArray): K = try {
        keyFormat.decodeFromByteArray(keySerializer, bytes.copyOfRange(prefix.size, bytes.size))
    } catch (e: SerializationException) {
        throw CorruptionException(
            "map '$name': key ${ByteKeys.hex(bytes)} does not decode as ${keySerializer.descriptor.serialName}: ${e.message}", e,
        )
    }

    internal fun decodeValue(key: ByteArray, bytes: ByteArray): V = try {
        valueFormat.decodeFromByteArray(valueSerializer, bytes)
    } catch (e: SerializationException) {
        throw CorruptionException(
            "map '$name': value of key ${ByteKeys.hex(key)} does not decode as " +
                "${valueSerializer.descriptor.serialName}: ${e.message}", e,
        )
    }

    private fun entry(e: Entry): TypedEntry<K, V> = TypedEntry(decodeKey(e.key), decodeValue(e.key, e.value))

    /** @return the value of [key], or null when absent; also `map[key]` */
    public suspend operator fun get(key: K): V? {
        val k = keyBytes(key)
        return store.get(k)?.let { decodeValue(k, it) }
    }

    /** Stores [value] under [key]. */
    public suspend fun put(key: K, value: V) {
        val k = keyBytes(key)
        val v = valueBytes(value)
        store.write { put(k, v) }
    }

    /**
     * Merges [operand] into the value of [key] without reading it: an operand is written, and
     * the map's [Merge] (given when the store was opened, `merge("name", Merge<V> { a, b -> ... })`
     * in [StoreConfig]) folds it in when the key is read or compacted. A key with no value takes
     * the operand as its value. Cheaper than [update] for counters and sets; many writers may
     * merge into one key at once without a lock.
     *
     * @throws IllegalStateException if this map has no [Merge] (nothing is written)
     */
    public suspend fun merge(key: K, operand: V) {
        requireMerge()
        val k = keyBytes(key)
        val v = valueBytes(operand)
        store.write { merge(k, v) }
    }

    internal fun requireMerge() = check(name in store.mergedMaps) {
        "map '$name' has no Merge: open the store with merge(\"$name\", Merge<V> { a, b -> ... }) in its configuration"
    }

    /** Removes [key]; removing an absent key is not an error. */
    public suspend fun delete(key: K) {
        val k = keyBytes(key)
        store.write { delete(k) }
    }

    /** @return whether [key] has a value; also `key in map` */
    public suspend operator fun contains(key: K): Boolean = store.get(keyBytes(key)) != null

    /**
     * Replaces the value of [key] with `transform(current)` atomically with respect to other
     * updates through the store (null: absent; returning null removes the key). Nothing is
     * written when the result equals the current value. [transform] must not call update on
     * the same store (that is refused with IllegalStateException).
     *
     * Why a per-key lock and not a [Store.transaction] underneath: updates serialise on a striped
     * mutex of the store, so two updates of one key never collide; each costs one read and, when
     * the value changes, one write, and never fails. As a transaction it would also take a
     * snapshot and validate the key at commit (one more lookup per update), and concurrent updates
     * of a hot key would conflict and rerun [transform] after a backoff, giving up with
     * `TransactionConflictException` after the retry budget: slower where update is used most
     * (counters, per-key state), and no simpler. The price of the lock is scope: it orders
     * updates through this [Store] only. A plain `map[key] = value`, a [Store.write] or a
     * transaction's commit landing between this update's read and its write is overwritten. When
     * writers other than update touch the key, or several keys must change together, read and
     * write in [Store.transaction] instead (`map.get(tx, key)`, `map.put(tx, key, value)`):
     * there any concurrent commit to the key makes the block run again.
     *
     * @return the new value
     */
    public suspend fun update(key: K, transform: suspend (V?) -> V?): V? {
        val k = keyBytes(key)
        return store.updateLocks.withLock(k) {
            val old = store.get(k)?.let { decodeValue(k, it) }
            val new = transform(old)
            if (new != old) {
                if (new == null) store.write { delete(k) } else {
                    val v = valueBytes(new)
                    store.write { put(k, v) }
                }
            }
            new
        }
    }

    /** Removes every entry of this map. */
    public suspend fun clear() {
        store.deleteRange(prefix, prefixEnd)
    }

    private fun lower(from: K?): ByteArray = if (from == null) prefix else keyBytes(from)

    private fun upper(to: K?): ByteArray = if (to == null) prefixEnd else keyBytes(to)

    /**
     * A cold Flow of the entries with keys in `[from, to)` (null: unbounded), in the order of
     * the keys' values, or reversed. Each collection reads one snapshot; see [Store.scan].
     */
    public fun scan(from: K? = null, to: K? = null, reverse: Boolean = false): Flow<TypedEntry<K, V>> =
        store.scan(lower(from), upper(to), reverse).map(::entry)

    /**
     * A cold Flow of the entries whose key starts with [prefix], where a prefix is the key's
     * leading fields: the first field's value, or a class holding the first fields in order
     * (for `K = Pair<String, Int>` or `data class Key(val tenant: String, val n: Int)`,
     * `scanPrefix("acme")` gives the entries of tenant "acme"). When the key itself is a String,
     * a String prefix matches every key that begins with it (`scanPrefix("user:")`).
     */
    public fun <P> scanPrefix(prefix: P, prefixSerializer: KSerializer<P>, reverse: Boolean = false): Flow<TypedEntry<K, V>> {
        var encoded = keyFormat.encodeToByteArray(prefixSerializer, prefix)
        if (prefixSerializer.descriptor.kind == PrimitiveKind.STRING &&
            keySerializer.descriptor.kind == PrimitiveKind.STRING && !keySerializer.descriptor.isNullable
        ) {
            encoded = encoded.copyOf(encoded.size - 2) // drop the terminator: a textual prefix
        }
        val from = this.prefix + encoded
        return store.scan(from, ByteKeys.prefixEnd(from) ?: prefixEnd, reverse).map(::entry)
    }

    /** A cold Flow of the entries whose key starts with [prefix]; see the overload with a serializer. */
    public inline fun <reified P> scanPrefix(prefix: P, reverse: Boolean = false): Flow<TypedEntry<K, V>> =
        scanPrefix(prefix, serializer<P>(), reverse)

    /** The value of [key] now (null: absent), then after each change; see [Store.observe]. */
    public fun observe(key: K): Flow<V?> {
        val k = keyBytes(key)
        return store.observe(k).map { bytes -> bytes?.let { decodeValue(k, it) } }
    }

    /** The entries in `[from, to)` now, then again after each write touching them; see [Store.observeRange]. */
    public fun observeRange(from: K? = null, to: K? = null): Flow<List<TypedEntry<K, V>>> =
        store.observeRange(lower(from), upper(to)).map { list -> list.map(::entry) }

    /** @return the value of [key] at [instant] (null: absent then); see [Store.getAsOf] */
    public suspend fun getAsOf(key: K, instant: java.time.Instant): V? {
        val k = keyBytes(key)
        return store.getAsOf(k, instant)?.let { decodeValue(k, it) }
    }

    /**
     * A cold Flow of the retained versions of [key], newest first, decoded: see [Store.history].
     * A deletion has a null [TypedVersion.value].
     */
    public fun history(key: K): Flow<TypedVersion<V>> {
        val k = keyBytes(key)
        return store.history(k).map { v -> TypedVersion(v.timestamp(), v.value()?.let { decodeValue(k, it) }) }
    }

    /** @return "TypedMap(name)" */
    override fun toString(): String = "TypedMap($name)"
}

// A typed, ordered map stored under its own key prefix of a Store, or as the whole keyspace of one
// column family. Thread-safe; holds no state besides its codecs and where it lives.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.coroutines.internal.store.ByteKeys
import dev.cairn.lsm.coroutines.internal.store.DecodedScanCache
import dev.cairn.lsm.coroutines.internal.store.Watch
import dev.cairn.lsm.coroutines.internal.store.emitEach
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map
import kotlinx.serialization.BinaryFormat
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.serializer

/**
 * A map from [K] to [V] stored in a [Store] under a key prefix unique to [name] (a prefix map),
 * or as the keyspace of one column family ([family], keys without a prefix; see [Store.map] for
 * when each fits). Keys are
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
 * A map in a family works like a prefix map, with its own family's options: its [merge] needs the
 * family's typed merge (`store.family(name) { merge(Merge<V> { ... }) }`, given after each open).
 * It has a [history] and takes part in transactions (`map.get(tx, key)`, `map.put(tx, key, value)`)
 * as a prefix map does: one [Store.transaction] may read and write maps of several families and
 * the default keyspace, and commits them atomically.
 *
 * @property store the store this map lives in
 * @property name the map's name
 * @property family the column family the map is stored in, or null for a prefix map
 */
public class TypedMap<K, V> internal constructor(
    public val store: Store,
    public val name: String,
    private val keySerializer: KSerializer<K>,
    private val valueSerializer: KSerializer<V>,
    private val keyFormat: OrderedKeyFormat,
    private val valueFormat: BinaryFormat,
    public val family: StoreFamily? = null,
) {
    /** The prefix of the map's keys: none in a family, which is the map's whole keyspace. */
    private val prefix = if (family == null) ByteKeys.mapPrefix(name) else ByteArray(0)

    /** The first key past the map's (a map prefix never ends in 0xFF); null in a family: unbounded. */
    private val prefixEnd = if (family == null) ByteKeys.prefixEnd(prefix)!! else null

    private suspend fun read(k: ByteArray): ByteArray? = if (family == null) store.get(k) else family.get(k)

    private fun rawScan(from: ByteArray, to: ByteArray?, reverse: Boolean): Flow<Entry> =
        if (family == null) store.scan(from, to, reverse) else family.scan(from, to, reverse)

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
        return read(k)?.let { decodeValue(k, it) }
    }

    /** Stores [value] under [key]. */
    public suspend fun put(key: K, value: V) {
        val k = keyBytes(key)
        val v = valueBytes(value)
        store.write { putIn(family, k, v) }
    }

    /**
     * Merges [operand] into the value of [key] without reading it: an operand is written, and
     * the map's [Merge] (given when the store was opened, `merge("name", Merge<V> { a, b -> ... })`
     * in [StoreConfig]) folds it in when the key is read or compacted. A key with no value takes
     * the operand as its value. Cheaper than [update] for counters and sets; many writers may
     * merge into one key at once without a lock. A map in a family uses the family's typed merge
     * instead (`store.family(name) { merge(Merge<V> { a, b -> ... }) }`).
     *
     * @throws IllegalStateException if this map has no [Merge] (nothing is written)
     */
    public suspend fun merge(key: K, operand: V) {
        requireMerge()
        val k = keyBytes(key)
        val v = valueBytes(operand)
        store.write { mergeIn(family, k, v) }
    }

    internal fun requireMerge() = if (family == null) {
        check(name in store.mergedMaps) {
            "map '$name' has no Merge: open the store with merge(\"$name\", Merge<V> { a, b -> ... }) in its configuration"
        }
    } else {
        check(family.state.typedMerge) {
            "map '$name' in column family '${family.name}' has no Merge: give the family one, " +
                "store.family(\"${family.name}\") { merge(Merge<V> { a, b -> ... }) }, after each open of the store"
        }
    }

    /** Removes [key]; removing an absent key is not an error. */
    public suspend fun delete(key: K) {
        val k = keyBytes(key)
        store.write { deleteIn(family, k) }
    }

    /** @return whether [key] has a value; also `key in map` */
    public suspend operator fun contains(key: K): Boolean = read(keyBytes(key)) != null

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
            val old = read(k)?.let { decodeValue(k, it) }
            val new = transform(old)
            if (new != old) {
                if (new == null) store.write { deleteIn(family, k) } else {
                    val v = valueBytes(new)
                    store.write { putIn(family, k, v) }
                }
            }
            new
        }
    }

    /** Removes every entry of this map (in a family: every key of the family). */
    public suspend fun clear() {
        if (family == null) store.deleteRange(prefix, prefixEnd!!) else store.write { clear(family) }
    }

    private fun lower(from: K?): ByteArray = if (from == null) prefix else keyBytes(from)

    private fun upper(to: K?): ByteArray? = if (to == null) prefixEnd else keyBytes(to)

    /**
     * A cold Flow of the entries with keys in `[from, to)` (null: unbounded), in the order of
     * the keys' values, or reversed. Each collection reads one snapshot; see [Store.scan].
     */
    public fun scan(from: K? = null, to: K? = null, reverse: Boolean = false): Flow<TypedEntry<K, V>> =
        if (from == null && to == null && family == null && store.scanCache.enabled) {
            cachedScan(store.scanCache.slot(cacheIdentity()) { Watch.range(prefix, prefixEnd) }, reverse)
        } else {
            rawScan(lower(from), upper(to), reverse).map(::entry)
        }

    /** What tells this map's cached entries from another's: a map of the same name with other codecs has its own. */
    private fun cacheIdentity(): Any =
        listOf(name, keySerializer.descriptor, valueSerializer.descriptor, keyFormat, valueFormat)

    /**
     * A whole scan through [slot] (see [StoreConfig.typedMapCacheBytes]): the kept entries when
     * there are any, else a scan that keeps what it read when it ran to the end.
     */
    private fun cachedScan(slot: DecodedScanCache.Slot, reverse: Boolean): Flow<TypedEntry<K, V>> = flow {
        store.lifecycle.checkOpen()
        @Suppress("UNCHECKED_CAST")
        val kept = slot.cached() as List<TypedEntry<K, V>>?
        if (kept != null) {
            emitEach(if (reverse) kept.asReversed() else kept)
            return@flow
        }
        val ticket = slot.ticket()
        var read: ArrayList<TypedEntry<K, V>>? = if (ticket < 0) null else ArrayList()
        var bytes = 0L
        rawScan(prefix, prefixEnd, reverse).collect { raw ->
            val e = entry(raw)
            if (read != null) {
                bytes += raw.key.size + raw.value.size
                if (slot.fits(bytes)) read!!.add(e) else read = null // too big to keep: stop collecting
            }
            emit(e)
        }
        read?.let { if (reverse) it.reverse(); slot.fill(ticket, it, bytes) }
    }

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
        return rawScan(from, ByteKeys.prefixEnd(from) ?: prefixEnd, reverse).map(::entry)
    }

    /** A cold Flow of the entries whose key starts with [prefix]; see the overload with a serializer. */
    public inline fun <reified P> scanPrefix(prefix: P, reverse: Boolean = false): Flow<TypedEntry<K, V>> =
        scanPrefix(prefix, serializer<P>(), reverse)

    /** The value of [key] now (null: absent), then after each change; see [Store.observe]. */
    public fun observe(key: K): Flow<V?> {
        val k = keyBytes(key)
        val raw = if (family == null) store.observe(k) else family.observe(k)
        return raw.map { bytes -> bytes?.let { decodeValue(k, it) } }
    }

    /** The entries in `[from, to)` now, then again after each write touching them; see [Store.observeRange]. */
    public fun observeRange(from: K? = null, to: K? = null): Flow<List<TypedEntry<K, V>>> {
        val raw = if (family == null) store.observeRange(lower(from), upper(to)) else family.observeRange(lower(from), upper(to))
        return raw.map { list -> list.map(::entry) }
    }

    /** @return the value of [key] at [instant] (null: absent then); see [Store.getAsOf] */
    public suspend fun getAsOf(key: K, instant: java.time.Instant): V? {
        val k = keyBytes(key)
        val bytes = if (family == null) store.getAsOf(k, instant) else family.getAsOf(k, instant)
        return bytes?.let { decodeValue(k, it) }
    }

    /**
     * A cold Flow of the retained versions of [key], newest first, decoded: see [Store.history]
     * (for a map in a family, [StoreFamily.history]). A deletion has a null [TypedVersion.value].
     */
    public fun history(key: K): Flow<TypedVersion<V>> {
        val k = keyBytes(key)
        val raw = if (family == null) store.history(k) else family.history(k)
        return raw.map { v -> TypedVersion(v.timestamp(), v.value()?.let { decodeValue(k, it) }) }
    }

    /** @return "TypedMap(name)", or "TypedMap(name in family)" */
    override fun toString(): String = "TypedMap($name${family?.let { " in ${it.name}" } ?: ""})"
}

// One typed value stored under its own key of a Store, DataStore style. Thread-safe.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.coroutines.internal.store.ByteKeys
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.serialization.BinaryFormat
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException

/**
 * A single value of type [T] in a [Store], the default until first written:
 *
 * ```
 * val settings = store.value("settings", Settings())
 * settings.data.collect { render(it) }                       // current, then each change
 * settings.update { it.copy(theme = Theme.DARK) }           // atomic read-modify-write
 * ```
 *
 * Stored bytes that no longer decode go to the value's [CorruptionHandler]; by default it
 * rethrows the [CorruptionException], and [CorruptionHandler.replaceWithDefault] stores and
 * returns the default instead.
 *
 * @property store the store this value lives in
 * @property name the value's name
 * @property default the value before the first write
 */
public class TypedValue<T> internal constructor(
    public val store: Store,
    public val name: String,
    public val default: T,
    private val serializer: KSerializer<T>,
    private val corruptionHandler: CorruptionHandler<T>,
    private val format: BinaryFormat,
) {
    internal val key: ByteArray = ByteKeys.valueKey(name)

    internal fun encode(value: T): ByteArray = format.encodeToByteArray(serializer, value)

    internal fun requireSameStore(other: Store) =
        require(other === store) { "value '$name' belongs to $store, not to $other: a batch cannot span stores" }

    /** Decodes stored bytes; undecodable ones go to the corruption handler, whose answer is stored. */
    private suspend fun decode(bytes: ByteArray?): T {
        if (bytes == null) return default
        val error = try {
            return format.decodeFromByteArray(serializer, bytes)
        } catch (e: SerializationException) {
            CorruptionException(
                "value '$name' does not decode as ${serializer.descriptor.serialName}: ${e.message}", e,
            )
        }
        val replacement = corruptionHandler.handleCorruption(error, default)
        val encoded = encode(replacement)
        store.write { put(key, encoded) }
        return replacement
    }

    /**
     * The value now, then after each change (distinct; conflated for slow collectors). Completes
     * when the store closes.
     */
    public val data: Flow<T> = store.observe(key).map { decode(it) }.distinctUntilChanged()

    /** @return the value now */
    public suspend fun get(): T = decode(store.get(key))

    /**
     * Replaces the value with `transform(current)`, atomically with respect to other updates
     * through the store. Nothing is written when the result equals the current value.
     * [transform] must not call update on the same store.
     *
     * @return the new value
     */
    public suspend fun update(transform: suspend (T) -> T): T =
        store.updateLocks.withLock(key) {
            val old = decode(store.get(key))
            val new = transform(old)
            if (new != old) {
                val encoded = encode(new)
                store.write { put(key, encoded) }
            }
            new
        }

    /** @return "TypedValue(name)" */
    override fun toString(): String = "TypedValue($name)"
}

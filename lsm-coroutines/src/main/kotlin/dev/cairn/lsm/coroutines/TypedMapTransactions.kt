// Typed maps inside a Store.transaction block: the map's key prefix and formats, the
// transaction's reads and buffered writes. Stateless extensions.
package dev.cairn.lsm.coroutines

/** @return the value of [key] in [tx]'s view (its own writes over its snapshot), or null when absent */
public suspend fun <K, V> TypedMap<K, V>.get(tx: TransactionScope, key: K): V? {
    requireSameStore(tx.store)
    val k = keyBytes(key)
    return tx.get(k)?.let { decodeValue(k, it) }
}

/** Buffers a put of [value] under [key] in [tx]. */
public fun <K, V> TypedMap<K, V>.put(tx: TransactionScope, key: K, value: V) {
    requireSameStore(tx.store)
    tx.put(keyBytes(key), valueBytes(value))
}

/** Buffers a delete of [key] in [tx]. */
public fun <K, V> TypedMap<K, V>.remove(tx: TransactionScope, key: K) {
    requireSameStore(tx.store)
    tx.delete(keyBytes(key))
}

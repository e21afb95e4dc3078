// Typed maps inside a Store.transaction block: the map's key prefix (or, for a map in a column
// family, the family) and formats, the transaction's reads and buffered writes and merges.
// Stateless extensions.
package dev.cairn.lsm.coroutines

/**
 * @return the value of [key] in [tx]'s view (its own writes over its snapshot), or null when absent;
 *     a map in a family reads the family in the same transaction as everything else [tx] touches
 */
public suspend fun <K, V> TypedMap<K, V>.get(tx: TransactionScope, key: K): V? {
    requireSameStore(tx.store)
    val k = keyBytes(key)
    return tx.getIn(family, k)?.let { decodeValue(k, it) }
}

/** Buffers a put of [value] under [key] in [tx]. */
public fun <K, V> TypedMap<K, V>.put(tx: TransactionScope, key: K, value: V) {
    requireSameStore(tx.store)
    tx.putIn(family, keyBytes(key), valueBytes(value))
}

/** Buffers a delete of [key] in [tx]. */
public fun <K, V> TypedMap<K, V>.remove(tx: TransactionScope, key: K) {
    requireSameStore(tx.store)
    tx.deleteIn(family, keyBytes(key))
}

/**
 * Buffers a merge of [operand] into the value of [key] in [tx], folded by this map's [Merge] (for
 * a map in a family, the family's typed merge): reads in [tx] (`get(tx, key)`) see the fold over
 * the transaction's view, and commit writes the operand. A merge is validated as a write of the key.
 *
 * @throws IllegalStateException if this map has no [Merge] (nothing is buffered)
 */
public fun <K, V> TypedMap<K, V>.merge(tx: TransactionScope, key: K, operand: V) {
    requireSameStore(tx.store)
    requireMerge()
    tx.mergeIn(family, keyBytes(key), valueBytes(operand))
}

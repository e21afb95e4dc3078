// A typed merge for the values of one TypedMap: how an increment (an operand) folds into a value.
package dev.cairn.lsm.coroutines

/**
 * Folds a merge operand into a typed map's value, on decoded values: the typed face of
 * [dev.cairn.lsm.MergeOperator]. Register it for a map when the store is opened, then merge into
 * the map without reading it:
 *
 * ```
 * val store = Store.open(dir) {
 *     merge("counters", Merge<Long> { a, b -> a + b })
 * }
 * val counters = store.map<String, Long>("counters")
 * counters.merge("page:/home", 1L)       // no read, no lock: an operand is written
 * counters["page:/home"]                 // the operands folded: the sum
 * ```
 *
 * The function must be **associative** (`merge(merge(a, b), c) == merge(a, merge(b, c))`) and
 * deterministic, without side effects: reads fold operands onto the value, and compactions
 * combine neighbouring operands with each other before the value below them is known. A key with
 * no value takes its first operand as the value. Addition, max, min and set union qualify; "set
 * to" does too (it keeps the newer). The function runs on reading threads and on background
 * threads at once. An exception it throws fails the read (an [dev.cairn.lsm.LsmException] naming
 * the key) or the compaction (the store's background error); no operand is dropped.
 */
public fun interface Merge<V> {
    /**
     * @param accumulated the value so far (the stored value, or the operands before this one)
     * @param operand the newer operand
     * @return the value with [operand] applied
     */
    public fun merge(accumulated: V, operand: V): V
}

package dev.cairn.lsm.engine

import java.util.TreeMap

/** A byte-array key ordered like Cairn orders keys (unsigned lexicographic). */
class Key(val bytes: ByteArray) : Comparable<Key> {
    override fun compareTo(other: Key): Int = java.util.Arrays.compareUnsigned(bytes, other.bytes)
    override fun equals(other: Any?): Boolean = other is Key && bytes.contentEquals(other.bytes)
    override fun hashCode(): Int = bytes.contentHashCode()
    override fun toString(): String = bytes.joinToString("") { "%02x".format(it) }
}

/** The oracle: an in-memory sorted map with the store's write semantics. */
class StoreModel(val map: TreeMap<Key, ByteArray> = TreeMap()) {
    fun put(k: ByteArray, v: ByteArray) { map[Key(k)] = v }
    fun delete(k: ByteArray) { map.remove(Key(k)) }
    fun deleteRange(from: ByteArray, to: ByteArray) {
        if (java.util.Arrays.compareUnsigned(from, to) < 0) map.subMap(Key(from), true, Key(to), false).clear()
    }
    fun get(k: ByteArray): ByteArray? = map[Key(k)]
    fun copy() = StoreModel(TreeMap(map))
    fun entries(): List<Pair<Key, ByteArray>> = map.entries.map { it.key to it.value }
}

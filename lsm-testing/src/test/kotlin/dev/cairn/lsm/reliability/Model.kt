// The reference model the reliability suites compare Cairn against: an ordered map with the
// same write operations. Not thread-safe.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.Cursor
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import okio.Buffer
import okio.ByteString
import okio.ByteString.Companion.toByteString
import java.util.TreeMap

/** An ordered map from key to value; okio.ByteString orders bytes unsigned, like Cairn. */
class Model(private val map: TreeMap<ByteString, ByteString> = TreeMap()) {

    fun apply(op: Op) {
        when (op) {
            is Op.Put -> map[op.key] = op.value
            is Op.Delete -> map.remove(op.key)
            is Op.DeleteRange -> map.subMap(op.from, op.to).clear()
            is Op.Merge -> map[op.key] = map[op.key]?.let { Buffer().write(it).writeUtf8("|").write(op.operand).readByteString() }
                ?: op.operand
            is Op.Batch -> op.ops.forEach { apply(it) }
            is Op.Flush, is Op.Compact, is Op.Reopen -> Unit
        }
    }

    fun get(key: ByteString): ByteString? = map[key]

    fun copy(): Model = Model(TreeMap(map))

    fun contents(): Map<ByteString, ByteString> = map

    val size: Int get() = map.size

    override fun equals(other: Any?): Boolean = other is Model && other.map == map
    override fun hashCode(): Int = map.hashCode()
    override fun toString(): String = "Model(${map.size} keys)"
}

/** Reads every live key and value of [store] in cursor order (at [options]' snapshot). */
fun readAll(store: LsmStore, options: ReadOptions = ReadOptions.defaults()): TreeMap<ByteString, ByteString> {
    val out = TreeMap<ByteString, ByteString>()
    store.newCursor(options).use { c: Cursor ->
        c.seekToFirst()
        var previous: ByteString? = null
        while (c.isValid) {
            val k = c.key().toByteString()
            check(previous == null || previous < k) { "cursor out of order or duplicated: $previous then $k" }
            out[k] = c.value().toByteString()
            previous = k
            c.next()
        }
    }
    return out
}

/** The first key whose value differs between two states, or null. */
fun firstDifferentKey(expected: Map<ByteString, ByteString>, actual: Map<ByteString, ByteString>): ByteString? {
    for ((k, v) in expected) if (actual[k] != v) return k
    for (k in actual.keys) if (k !in expected) return k
    return null
}

/** Describes the first difference between two states, for assertion messages. */
fun diff(expected: Map<ByteString, ByteString>, actual: Map<ByteString, ByteString>): String {
    for ((k, v) in expected) {
        val a = actual[k] ?: return "missing key ${k.hex()} (expected ${v.size} bytes)"
        if (a != v) return "wrong value for ${k.hex()}: expected ${v.size} bytes ${v.hexPrefix()}, got ${a.size} bytes ${a.hexPrefix()}"
    }
    for (k in actual.keys) if (k !in expected) return "unexpected key ${k.hex()}"
    return "no difference"
}

private fun ByteString.hexPrefix(): String = if (size <= 16) hex() else substring(0, 16).hex() + "..."

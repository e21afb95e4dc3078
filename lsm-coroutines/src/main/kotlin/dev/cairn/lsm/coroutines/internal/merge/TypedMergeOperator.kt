// The one engine MergeOperator a Kotlin store opens with: it sends each key to the Merge of the
// typed map whose prefix it carries (decoding operands and value with that map's format), or to
// the raw operator for keys outside typed maps. Immutable; thread-safe when the merges are.
package dev.cairn.lsm.coroutines.internal.merge

import dev.cairn.lsm.MergeOperator
import dev.cairn.lsm.coroutines.Merge
import dev.cairn.lsm.coroutines.internal.store.ByteKeys
import kotlinx.serialization.BinaryFormat
import kotlinx.serialization.KSerializer

/** A [Merge] of one map (or of the map in one family: [owner] names it), working on its encoded values. */
internal class DecodedMerge<V>(
    private val owner: String,
    private val serializer: KSerializer<V>,
    private val format: BinaryFormat,
    private val merge: Merge<V>,
) : MergeOperator {
    override fun fullMerge(key: ByteArray, existingOrNull: ByteArray?, operands: List<ByteArray>): ByteArray {
        var acc: V? = existingOrNull?.let { decode(it) }
        for (op in operands) {
            val v = decode(op)
            acc = if (acc == null) v else merge.merge(acc, v)
        }
        return format.encodeToByteArray(serializer, acc as V)
    }

    override fun partialMerge(key: ByteArray, left: ByteArray, right: ByteArray): ByteArray =
        format.encodeToByteArray(serializer, merge.merge(decode(left), decode(right)))

    override fun name(): String = "Merge of $owner"

    private fun decode(bytes: ByteArray): V = format.decodeFromByteArray(serializer, bytes)
}

/** Routes keys to the merges of their maps, by prefix (no map prefix is a prefix of another's). */
internal class TypedMergeOperator(
    private val maps: Map<String, MergeOperator>,
    private val raw: MergeOperator?,
) : MergeOperator {
    private val prefixes: List<Pair<ByteArray, MergeOperator>> = maps.map { (name, op) -> ByteKeys.mapPrefix(name) to op }

    private fun operatorFor(key: ByteArray): MergeOperator {
        for ((prefix, op) in prefixes) {
            if (key.size >= prefix.size && java.util.Arrays.equals(key, 0, prefix.size, prefix, 0, prefix.size)) return op
        }
        return raw ?: throw IllegalArgumentException(
            "no merge for this key: it is in none of the maps given a Merge (${maps.keys}) and no raw mergeOperator is set",
        )
    }

    override fun fullMerge(key: ByteArray, existingOrNull: ByteArray?, operands: List<ByteArray>): ByteArray =
        operatorFor(key).fullMerge(key, existingOrNull, operands)

    override fun partialMerge(key: ByteArray, left: ByteArray, right: ByteArray): ByteArray? =
        operatorFor(key).partialMerge(key, left, right)

    override fun name(): String = "merges of maps ${maps.keys}" + (raw?.let { " and ${it.name()}" } ?: "")
}

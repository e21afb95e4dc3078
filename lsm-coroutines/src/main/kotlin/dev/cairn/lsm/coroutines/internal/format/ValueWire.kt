// The wire of the compact value format (see CompactValueFormat for the layout): every value is a
// header varint `(tag shl 3) or wireType` followed by its payload; the wire type alone says how
// to skip a value, which is what lets old readers ignore fields they do not know. Field tags are
// derived from field names, so adding, removing or reordering fields never changes the tag of
// the others. Stateless apart from a thread-safe descriptor cache.
package dev.cairn.lsm.coroutines.internal.format

import java.util.concurrent.ConcurrentHashMap
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.SerializationException
import kotlinx.serialization.descriptors.SerialDescriptor

internal object ValueWire {
    const val VARINT = 0
    const val FIXED64 = 1
    const val LEN = 2
    const val NULL = 3
    const val FIXED32 = 5

    private const val TAG_BITS = 28

    /** Field tags of a class-like descriptor, indexed by element; checked for collisions once. */
    private val tagCache = ConcurrentHashMap<SerialDescriptor, FieldTags>()

    class FieldTags(val tags: IntArray) {
        private val byTag = HashMap<Int, Int>(tags.size * 2).also { m -> tags.forEachIndexed { i, t -> m[t] = i } }

        fun indexOf(tag: Int): Int = byTag[tag] ?: -1
    }

    @OptIn(ExperimentalSerializationApi::class)
    fun tagsOf(descriptor: SerialDescriptor): FieldTags = tagCache.getOrPut(descriptor) {
        val tags = IntArray(descriptor.elementsCount) { tagOf(descriptor.getElementName(it)) }
        val seen = HashMap<Int, String>()
        tags.forEachIndexed { i, t ->
            val name = descriptor.getElementName(i)
            val other = seen.put(t, name)
            require(other == null) {
                "fields '$other' and '$name' of ${descriptor.serialName} hash to the same value tag; " +
                    "rename one with @SerialName"
            }
        }
        FieldTags(tags)
    }

    /** 28 bits of FNV-1a over the UTF-8 name; never 0 (0 is the tag of collection elements). */
    fun tagOf(name: String): Int {
        var h = 0x811C9DC5.toInt()
        for (b in name.encodeToByteArray()) {
            h = h xor (b.toInt() and 0xFF)
            h *= 0x01000193
        }
        val t = h ushr (32 - TAG_BITS)
        return if (t == 0) 1 else t
    }

    fun zigzag(v: Long): Long = (v shl 1) xor (v shr 63)

    fun unzigzag(v: Long): Long = (v ushr 1) xor -(v and 1)

    /** Skips the payload of a value of [wire] type. */
    fun skip(input: ByteInput, wire: Int) {
        when (wire) {
            VARINT -> input.readVarLong()
            FIXED64 -> { input.require(8); input.pos += 8 }
            FIXED32 -> { input.require(4); input.pos += 4 }
            LEN -> { val n = input.readLength(); input.pos += n }
            NULL -> Unit
            else -> throw SerializationException("unknown wire type $wire before offset ${input.pos}")
        }
    }
}

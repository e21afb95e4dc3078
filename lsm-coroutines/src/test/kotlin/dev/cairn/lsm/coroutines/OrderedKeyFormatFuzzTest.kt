// Jazzer fuzz test of OrderedKeyFormat's decoder: any bytes decode into a typed key or raise
// SerializationException (the format's documented failure, which TypedMap turns into
// CorruptionException), and nothing else; a key that decodes re-encodes to bytes that decode
// to an equal key. JUnit 5 (Jazzer runs on JUnit). Regression mode replays
// OrderedKeyFormatFuzzTestInputs/; JAZZER_FUZZ=1 fuzzes.
package dev.cairn.lsm.coroutines

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.cairn.lsm.coroutines.testing.checkDecodesOrRefuses
import kotlinx.serialization.KSerializer
import kotlinx.serialization.serializer

class OrderedKeyFormatFuzzTest {

    /** [data] is decoded as each of several key types in turn. */
    @FuzzTest
    fun decodesAnyKey(data: ByteArray) {
        for (type in KEY_TYPES) checkDecodesOrRefuses(OrderedKeyFormat, type, data)
    }

    /** Seeds for the committed corpus (see FuzzCorpusGenerator). */
    companion object {
        internal val KEY_TYPES: List<KSerializer<*>> = listOf(
            serializer<EventKey>(),
            serializer<Everything>(),
            serializer<List<String?>>(),
            serializer<Map<Priority, AccountId>>(),
            serializer<Shape>(),
            serializer<Pair<UInt, Long?>>(),
        )

        /** @return seed inputs by method name, then by seed name */
        fun seeds(): Map<String, Map<String, ByteArray>> {
            val seeds = linkedMapOf(
                "event-key" to encode(EventKey("tenant\u0000é", 20_000, -1.5, Priority.HIGH, AccountId(-7))),
                "event-key-null" to encode(EventKey("", -1, Double.NaN, null, AccountId(Long.MAX_VALUE))),
                "everything" to encode(SAMPLE_EVERYTHING),
                "strings" to encode(listOf("a", null, "\uD83D\uDE00", "\uD800")),
                "map" to encode(mapOf(Priority.LOW to AccountId(1), Priority.MEDIUM to AccountId(2))),
                "shape" to encode<Shape>(Circle(2.5)),
                "pair" to encode(UInt.MAX_VALUE to 42L),
            )
            val key = seeds.getValue("event-key")
            seeds["truncated"] = key.copyOf(key.size - 3)
            seeds["bad-escape"] = key.copyOf().also { it[7] = 0x00; it[8] = 0x42 }
            seeds["bad-utf8"] = key.copyOf().also { it[6] = 0xC3.toByte(); it[7] = 0x28 }
            seeds["enum-out-of-range"] = seeds.getValue("map").copyOf().also { it[2] = 9 }
            return mapOf("decodesAnyKey" to seeds)
        }

        private inline fun <reified T> encode(value: T) = OrderedKeyFormat.encodeToByteArray(serializer<T>(), value)
    }
}

/** One value of every kind the formats handle. */
internal val SAMPLE_EVERYTHING = Everything(
    true, -3, 300, Int.MIN_VALUE, Long.MAX_VALUE, -0.0f, Double.NaN, 'é', "h\u0000llo \uD83D\uDE00 \uD800",
    null, Priority.HIGH, AccountId(-7), UInt.MAX_VALUE, listOf(1, null, -1),
    mapOf("a" to ProfileV1("Ada", 36)), ProfileV1("Grace", 45), listOf(Circle(1.5), Square(2f)),
    byteArrayOf(0, 1, -1),
)

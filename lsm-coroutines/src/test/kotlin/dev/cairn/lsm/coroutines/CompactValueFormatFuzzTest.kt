// Jazzer fuzz test of CompactValueFormat's decoder: any bytes decode into a typed value or raise
// SerializationException (the format's documented failure, which TypedMap and TypedValue turn
// into CorruptionException), and nothing else; a value that decodes re-encodes to bytes that
// decode to an equal value. JUnit 5 (Jazzer runs on JUnit). Regression mode replays
// CompactValueFormatFuzzTestInputs/; JAZZER_FUZZ=1 fuzzes.
package dev.cairn.lsm.coroutines

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.cairn.lsm.coroutines.testing.checkDecodesOrRefuses
import kotlinx.serialization.KSerializer
import kotlinx.serialization.serializer

class CompactValueFormatFuzzTest {

    /** [data] is decoded as each of several value types in turn (old and new versions of one among them). */
    @FuzzTest
    fun decodesAnyValue(data: ByteArray) {
        for (type in VALUE_TYPES) checkDecodesOrRefuses(CompactValueFormat, type, data)
    }

    /** Seeds for the committed corpus (see FuzzCorpusGenerator). */
    companion object {
        private val VALUE_TYPES: List<KSerializer<*>> = listOf(
            serializer<Everything>(),
            serializer<ProfileV1>(),
            serializer<ProfileV2>(),
            serializer<ProfileV3>(),
            serializer<Shape>(),
            serializer<List<Map<String, ProfileV1?>>>(),
            serializer<EventKey?>(),
        )

        /** @return seed inputs by method name, then by seed name */
        fun seeds(): Map<String, Map<String, ByteArray>> {
            val seeds = linkedMapOf(
                "everything" to encode(SAMPLE_EVERYTHING),
                "profile-v1" to encode(ProfileV1("Ada", 36)),
                "profile-v3" to encode(ProfileV3("ada", "Ada", 36)),
                "shape" to encode<Shape>(Square(3f)),
                "nested" to encode(listOf(mapOf("x" to ProfileV1("Grace", 45), "y" to null), emptyMap())),
                "event-key" to encode<EventKey?>(EventKey("t", 1, 0.5, Priority.LOW, AccountId(9))),
                "null" to encode<EventKey?>(null),
            )
            val everything = seeds.getValue("everything")
            seeds["truncated"] = everything.copyOf(everything.size - 7)
            seeds["forged-length"] = everything.copyOf().also { it[1] = 0xFF.toByte(); it[2] = 0xFF.toByte() }
            seeds["unknown-wire"] = seeds.getValue("profile-v1").copyOf().also { it[2] = (it[2].toInt() or 7).toByte() }
            return mapOf("decodesAnyValue" to seeds)
        }

        private inline fun <reified T> encode(value: T) = CompactValueFormat.encodeToByteArray(serializer<T>(), value)
    }
}

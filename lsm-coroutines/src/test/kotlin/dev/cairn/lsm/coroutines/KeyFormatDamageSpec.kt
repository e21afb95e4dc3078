// Malformed key bytes are refused with SerializationException, never an index or size error.
package dev.cairn.lsm.coroutines

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.SerializationException
import kotlinx.serialization.serializer
import kotlin.random.Random

class KeyFormatDamageSpec : FunSpec({
    test("random and truncated key bytes decode or fail with SerializationException only") {
        val seed = 7L
        val random = Random(seed)
        val good = OrderedKeyFormat.encodeToByteArray(
            serializer<EventKey>(), EventKey("tenant", 1, 2.0, Priority.LOW, AccountId(3)),
        )
        repeat(5000) { round ->
            val bytes = when (round % 3) {
                0 -> random.nextBytes(random.nextInt(0, 40))
                1 -> good.copyOf(random.nextInt(0, good.size))
                else -> good.copyOf().also { it[random.nextInt(it.size)] = random.nextInt(256).toByte() }
            }
            try {
                OrderedKeyFormat.decodeFromByteArray(serializer<EventKey>(), bytes)
                OrderedKeyFormat.decodeFromByteArray(serializer<List<String?>>(), bytes)
            } catch (e: Throwable) {
                if (e !is SerializationException) throw AssertionError("seed $seed round $round: $e", e)
                e.shouldBeInstanceOf<SerializationException>()
            }
        }
    }
})

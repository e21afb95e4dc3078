// CompactValueFormat: round trips, schema evolution in both directions, and refusal of damaged
// bytes with SerializationException only.
package dev.cairn.lsm.coroutines

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.ints.shouldBeLessThan
import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.SerializationException
import kotlinx.serialization.serializer
import kotlin.random.Random

@Serializable
@SerialName("Profile")
data class ProfileV1(val name: String, val age: Int)

@Serializable
@SerialName("Profile")
data class ProfileV2(
    val name: String,
    val age: Long,
    val email: String = "unknown",
    val tags: List<String> = emptyList(),
    val priority: Priority = Priority.MEDIUM,
)

@Serializable
@SerialName("Profile")
data class ProfileV3(val nickname: String? = null, val name: String, val age: Int)

@Serializable
@SerialName("Profile")
data class ProfileV4(val name: String, val age: Int) // nickname of V3 removed

@Serializable
sealed interface Shape

@Serializable
@SerialName("circle")
data class Circle(val r: Double) : Shape

@Serializable
@SerialName("square")
data class Square(val side: Float) : Shape

@Serializable
data class Everything(
    val b: Boolean,
    val byte: Byte,
    val s: Short,
    val i: Int,
    val l: Long,
    val f: Float,
    val d: Double,
    val c: Char,
    val text: String,
    val nothing: String?,
    val priority: Priority,
    val id: AccountId,
    val u: UInt,
    val list: List<Int?>,
    val map: Map<String, ProfileV1>,
    val nested: ProfileV1?,
    val shapes: List<Shape>,
    val bytes: ByteArray,
) {
    override fun equals(other: Any?) = other is Everything && toString() == other.toString() && bytes.contentEquals(other.bytes)
    override fun hashCode() = toString().hashCode()
}

private inline fun <reified T> encode(value: T) = CompactValueFormat.encodeToByteArray(serializer<T>(), value)
private inline fun <reified T> decode(bytes: ByteArray): T = CompactValueFormat.decodeFromByteArray(serializer<T>(), bytes)

class ValueFormatSpec : FunSpec({
    val everything = Everything(
        true, -3, 300, Int.MIN_VALUE, Long.MAX_VALUE, -0.0f, Double.NaN, 'é', "h\u0000llo \uD83D\uDE00 \uD800",
        null, Priority.HIGH, AccountId(-7), UInt.MAX_VALUE, listOf(1, null, -1),
        mapOf("a" to ProfileV1("Ada", 36)), ProfileV1("Grace", 45), listOf(Circle(1.5), Square(2f)),
        byteArrayOf(0, -1, 127),
    )

    test("every kind of value round-trips") {
        decode<Everything>(encode(everything)) shouldBe everything
        decode<Int>(encode(42)) shouldBe 42
        decode<String?>(encode<String?>(null)) shouldBe null
        decode<List<String>>(encode(listOf("x", ""))) shouldBe listOf("x", "")
    }

    test("a value written before fields with defaults were added still decodes") {
        decode<ProfileV2>(encode(ProfileV1("Ada", 36))) shouldBe ProfileV2("Ada", 36L)
    }

    test("a value written with fields since removed still decodes") {
        decode<ProfileV1>(encode(ProfileV2("Ada", 36, "ada@example.com", listOf("x"), Priority.HIGH))) shouldBe
            ProfileV1("Ada", 36)
        decode<ProfileV4>(encode(ProfileV3("ada", "Ada", 36))) shouldBe ProfileV4("Ada", 36)
        decode<ProfileV3>(encode(ProfileV4("Ada", 36))) shouldBe ProfileV3(null, "Ada", 36)
    }

    test("a field added without a default cannot be invented") {
        @Serializable
        @SerialName("Profile")
        data class Stricter(val name: String, val age: Int, val mandatory: String)
        shouldThrow<SerializationException> { decode<Stricter>(encode(ProfileV1("Ada", 36))) }
    }

    test("the encoding is compact") {
        // {"name":"Ada","age":36} is 23 bytes of JSON; field tags cost up to 5 bytes each here
        encode(ProfileV1("Ada", 36)).size shouldBeLessThan 20
    }

    test("damaged bytes fail with SerializationException only") {
        val seed = 11L
        val random = Random(seed)
        val good = encode(everything)
        repeat(5000) { round ->
            val bytes = when (round % 3) {
                0 -> random.nextBytes(random.nextInt(0, 60))
                1 -> good.copyOf(random.nextInt(0, good.size))
                else -> good.copyOf().also { it[random.nextInt(it.size)] = random.nextInt(256).toByte() }
            }
            try {
                decode<Everything>(bytes)
            } catch (e: Throwable) {
                if (e !is SerializationException) throw AssertionError("seed $seed round $round: $e", e)
            }
        }
    }
})

// Property tests of OrderedKeyFormat: for random pairs, the byte order of encodings equals the
// order of the values, and every encoding decodes back to its value. Seeded; kotest prints the
// seed on failure.
package dev.cairn.lsm.coroutines

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.bind
import io.kotest.property.arbitrary.boolean
import io.kotest.property.arbitrary.byte
import io.kotest.property.arbitrary.char
import io.kotest.property.arbitrary.choice
import io.kotest.property.arbitrary.double
import io.kotest.property.arbitrary.enum
import io.kotest.property.arbitrary.float
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.arbitrary.map
import io.kotest.property.arbitrary.of
import io.kotest.property.arbitrary.orNull
import io.kotest.property.arbitrary.short
import io.kotest.property.arbitrary.string
import io.kotest.property.arbitrary.uInt
import io.kotest.property.arbitrary.uLong
import io.kotest.property.arbitrary.Codepoint
import io.kotest.property.arbitrary.az
import io.kotest.property.checkAll
import kotlinx.serialization.KSerializer
import kotlinx.serialization.Serializable
import kotlinx.serialization.serializer
import kotlin.math.sign

@Serializable
enum class Priority { LOW, MEDIUM, HIGH }

@Serializable
@JvmInline
value class AccountId(val raw: Long)

@Serializable
data class EventKey(val tenant: String, val day: Int, val score: Double, val priority: Priority?, val account: AccountId)

private val CONFIG = PropTestConfig(seed = 20261122L, iterations = 2000)

/** Compares strings by code point, which is the byte order of their UTF-8 encodings. */
private val codePointOrder = Comparator<String> { a, b ->
    val x = a.codePoints().toArray()
    val y = b.codePoints().toArray()
    java.util.Arrays.compare(x, y)
}

private fun <T> listOrder(element: Comparator<T>) = Comparator<List<T>> { a, b ->
    for (i in 0 until minOf(a.size, b.size)) {
        val c = element.compare(a[i], b[i])
        if (c != 0) return@Comparator c
    }
    a.size.compareTo(b.size)
}

private val eventKeyOrder: Comparator<EventKey> = compareBy<EventKey, String>(codePointOrder) { it.tenant }
    .thenBy { it.day }
    .thenBy { it.score }
    .thenBy(nullsFirst(naturalOrder())) { it.priority }
    .thenBy { it.account.raw }

private val unicodeStrings = Arb.string(
    0..6,
    Arb.of(0x00, 0x01, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xE000, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF)
        .map { Codepoint(it) },
)
private val sharedPrefixStrings = Arb.choice(Arb.string(0..4, Codepoint.az()), Arb.of("", "a", "ab", "abc", "b", "a\u0000", "a\u0000b"))

private suspend fun <T> orderHolds(gen: Arb<T>, serializer: KSerializer<T>, order: Comparator<in T>) {
    checkAll(CONFIG, gen, gen) { a, b ->
        val ea = OrderedKeyFormat.encodeToByteArray(serializer, a)
        val eb = OrderedKeyFormat.encodeToByteArray(serializer, b)
        withClue("a=$a b=$b") {
            java.util.Arrays.compareUnsigned(ea, eb).sign shouldBe order.compare(a, b).sign
            // boxed equality: NaN equals NaN, -0.0 differs from 0.0
            (OrderedKeyFormat.decodeFromByteArray(serializer, ea) as Any? == a as Any?) shouldBe true
            (OrderedKeyFormat.decodeFromByteArray(serializer, eb) as Any? == b as Any?) shouldBe true
        }
    }
}

class KeyOrderSpec : FunSpec({
    test("signed integers of every width sort by value") {
        orderHolds(Arb.byte(), serializer(), naturalOrder())
        orderHolds(Arb.short(), serializer(), naturalOrder())
        orderHolds(Arb.int(), serializer(), naturalOrder())
        orderHolds(Arb.long(), serializer(), naturalOrder())
    }

    test("unsigned integers sort by value") {
        orderHolds(Arb.uInt(), serializer(), naturalOrder())
        orderHolds(Arb.uLong(), serializer(), naturalOrder())
    }

    test("floating point sorts by value: negatives, -0.0, 0.0, infinities") {
        orderHolds(Arb.double(), serializer(), naturalOrder())
        orderHolds(Arb.float(), serializer(), naturalOrder())
        val ordered = listOf(Double.NEGATIVE_INFINITY, -1e300, -1.0, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1.0, Double.POSITIVE_INFINITY)
        val encoded = ordered.map { OrderedKeyFormat.encodeToByteArray(serializer<Double>(), it) }
        encoded.sortedWith { a, b -> java.util.Arrays.compareUnsigned(a, b) } shouldBe encoded
    }

    test("booleans and chars sort by value") {
        orderHolds(Arb.boolean(), serializer(), naturalOrder())
        orderHolds(Arb.char(), serializer(), naturalOrder())
    }

    test("strings sort byte-wise in UTF-8 with prefixes first") {
        orderHolds(sharedPrefixStrings, serializer(), codePointOrder)
        orderHolds(unicodeStrings, serializer(), codePointOrder)
    }

    test("enums sort in declaration order and null sorts first") {
        orderHolds(Arb.enum<Priority>().orNull(0.2), serializer(), nullsFirst(naturalOrder()))
        orderHolds(Arb.int(-3..3).orNull(0.3), serializer(), nullsFirst(naturalOrder()))
    }

    test("lists sort element by element, a prefix first") {
        orderHolds(Arb.list(Arb.int(-2..2), 0..4), serializer(), listOrder(naturalOrder()))
        orderHolds(Arb.list(sharedPrefixStrings, 0..3), serializer(), listOrder(codePointOrder))
    }

    test("value classes sort as their underlying value") {
        orderHolds(Arb.long().map { AccountId(it) }, serializer(), compareBy { it.raw })
    }

    test("composite data-class keys sort field by field in declaration order") {
        val gen = Arb.bind(
            Arb.of("", "a", "ab", "b"),
            Arb.int(-2..2),
            Arb.of(Double.NEGATIVE_INFINITY, -1.5, -0.0, 0.0, 2.5, Double.NaN),
            Arb.enum<Priority>().orNull(0.3),
            Arb.long(-2L..2L).map { AccountId(it) },
        ) { t, d, s, p, a -> EventKey(t, d, s, p, a) }
        orderHolds(gen, serializer(), eventKeyOrder)
    }

    test("the encoding of leading fields is a prefix of the whole key") {
        val key = EventKey("acme", 3, 1.0, Priority.HIGH, AccountId(9))
        val whole = OrderedKeyFormat.encodeToByteArray(serializer<EventKey>(), key)
        val tenant = OrderedKeyFormat.encodeToByteArray(serializer<String>(), "acme")
        whole.copyOf(tenant.size).toList() shouldBe tenant.toList()
    }
})

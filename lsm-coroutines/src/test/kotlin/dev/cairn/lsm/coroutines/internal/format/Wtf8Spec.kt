// Specification of Wtf8: every Kotlin String (unpaired surrogates included) decodes back from its
// encoding, whether it is all ASCII (the bulk-copy path) or turns non-ASCII anywhere; damage after
// an ASCII run is reported at its own offset.
package dev.cairn.lsm.coroutines.internal.format

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import kotlin.random.Random
import kotlinx.serialization.SerializationException

private fun encode(s: String): ByteArray = ByteArrayOutputStream().also { out -> Wtf8.encode(s) { out.write(it) } }.toByteArray()

class Wtf8Spec : FunSpec({
    test("strings of ASCII, other code points and unpaired surrogates decode back from their encoding, at any offset") {
        val seed = 20261207L
        val r = Random(seed)
        val pools = listOf(
            CharArray(95) { (' ' + it) },
            charArrayOf('a', 'é', 'ß', '€', '中', '\uD83D', '\uDE00', '\uD800', '\uDFFF', 'z'),
        )
        repeat(2_000) { i ->
            val pool = pools[if (i % 3 == 0) 1 else 0]
            val asciiLead = String(CharArray(r.nextInt(0, 20)) { pools[0][r.nextInt(95)] })
            val s = asciiLead + String(CharArray(r.nextInt(0, 40)) { pool[r.nextInt(pool.size)] })
            val bytes = encode(s)
            val pad = r.nextInt(0, 4)
            val framed = ByteArray(pad) { 0x7F } + bytes + ByteArray(pad) { 0x41 }
            withClue("seed $seed, string #$i: ${s.map { it.code }}") {
                Wtf8.decode(framed, pad, pad + bytes.size) shouldBe s
            }
        }
    }

    test("a bad byte after an ASCII run is reported at its offset") {
        val bytes = "abc".toByteArray() + byteArrayOf(0xFF.toByte()) + "d".toByteArray()
        shouldThrow<SerializationException> { Wtf8.decode(bytes, 0, bytes.size, offsetBase = 10) }
            .message shouldContain "offset 13"
        val cut = "xy".toByteArray() + byteArrayOf(0xE2.toByte(), 0x82.toByte())
        shouldThrow<SerializationException> { Wtf8.decode(cut, 0, cut.size) }.message shouldContain "truncated"
    }
})

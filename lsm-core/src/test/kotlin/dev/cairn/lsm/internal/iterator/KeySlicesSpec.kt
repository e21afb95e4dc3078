// Specifies in-place key order: the word-at-a-time byte comparison agrees with the library's.
package dev.cairn.lsm.internal.iterator

import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.ValueKind
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.math.sign
import kotlin.random.Random

class KeySlicesSpec : FunSpec({
    val seed = System.getenv("CAIRN_SEED")?.toLong() ?: 20261122L

    test("compareBytes orders slices as unsigned bytes, like Arrays.compareUnsigned, at any offset and length") {
        val r = Random(seed)
        withClue("seed=$seed") {
            repeat(50_000) {
                // Slices that often share a prefix, so differences fall inside and after words.
                val common = ByteArray(r.nextInt(0, 20)) { r.nextInt(256).toByte() }
                fun slice(): Triple<ByteArray, Int, Int> {
                    val tail = ByteArray(r.nextInt(0, 12)) { (if (r.nextBoolean()) 0x80 + r.nextInt(3) else r.nextInt(3)).toByte() }
                    val body = common.copyOf(r.nextInt(0, common.size + 1)) + tail
                    val pad = r.nextInt(0, 5)
                    val array = ByteArray(pad) { 7 } + body + ByteArray(r.nextInt(0, 5)) { 9 }
                    return Triple(array, pad, pad + body.size)
                }
                val (a, aFrom, aTo) = slice()
                val (b, bFrom, bTo) = slice()
                val expected = java.util.Arrays.compareUnsigned(a, aFrom, aTo, b, bFrom, bTo).sign
                KeySlices.compareBytes(a, aFrom, aTo, b, bFrom, bTo).sign shouldBe expected
            }
        }
    }

    test("internal keys order by user key, then newest sequence first") {
        fun k(user: String, seq: Long) = InternalKey.encode(user.toByteArray(), seq, ValueKind.PUT)
        fun cmp(x: ByteArray, y: ByteArray) = KeySlices.compare(x, 0, x.size, y, 0, y.size).sign
        cmp(k("apple", 5), k("apples", 1)) shouldBe -1
        cmp(k("key-0000000000001", 9), k("key-0000000000001", 3)) shouldBe -1
        cmp(k("key-0000000000002", 1), k("key-0000000000001", 9)) shouldBe 1
        cmp(k("same", 4), k("same", 4)) shouldBe 0
        cmp(k("\u00ff".repeat(9), 1), k("a".repeat(9), 1)) shouldBe 1
    }
})

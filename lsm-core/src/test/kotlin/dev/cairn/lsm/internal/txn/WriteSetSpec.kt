package dev.cairn.lsm.internal.txn

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.random.Random

class WriteSetSpec : FunSpec({
    fun b(s: String) = s.toByteArray()

    test("the size kept is the encoded size of the commit batch, through deletes, ranges and savepoints") {
        val seed = Random.nextLong()
        withClue("seed $seed") {
            val r = Random(seed)
            val w = WriteSet()
            repeat(400) {
                val k = b("k${r.nextInt(50)}")
                when (r.nextInt(7)) {
                    0, 1, 2 -> w.put(k, ByteArray(r.nextInt(300)))
                    3 -> w.delete(k)
                    4 -> w.deleteRange(k, b("k${r.nextInt(50)}z"))
                    5 -> w.setSavepoint()
                    else -> try { w.rollbackToSavepoint() } catch (e: IllegalStateException) { }
                }
                w.encodedSize() shouldBe w.toBatch().approximateSize().toLong()
            }
        }
    }

    test("a write past the limit is refused with the limit named, and the write set is unchanged") {
        val w = WriteSet(200)
        w.put(b("a"), ByteArray(100))
        val before = w.encodedSize()
        val e = shouldThrow<IllegalArgumentException> { w.put(b("b"), ByteArray(100)) }
        e.message shouldContain "Limits.MAX_TRANSACTION_BYTES"
        w.encodedSize() shouldBe before
        w.point(b("b")) shouldBe null
        w.toBatch().count() shouldBe 1
    }

    test("rolling back with no savepoint set says how to set one") {
        shouldThrow<IllegalStateException> { WriteSet().rollbackToSavepoint() }.message shouldContain "setSavepoint"
    }
})

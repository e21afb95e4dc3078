package dev.cairn.lsm.internal.key

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

class RangeTombstoneSetSpec : FunSpec({
    fun b(s: String) = s.toByteArray()

    test("a key is covered by the newest visible tombstone whose half-open range holds it") {
        val set = RangeTombstoneSet.of(listOf(
            RangeTombstone(b("b"), b("f"), 10),
            RangeTombstone(b("d"), b("h"), 20),
        ))
        set.maxCoveringSeq(b("a"), 100) shouldBe 0
        set.maxCoveringSeq(b("b"), 100) shouldBe 10
        set.maxCoveringSeq(b("e"), 100) shouldBe 20
        set.maxCoveringSeq(b("e"), 15) shouldBe 10
        set.maxCoveringSeq(b("e"), 5) shouldBe 0
        set.maxCoveringSeq(b("f"), 100) shouldBe 20
        set.maxCoveringSeq(b("h"), 100) shouldBe 0
    }

    test("empty ranges are ignored") {
        RangeTombstoneSet.of(listOf(RangeTombstone(b("x"), b("x"), 3))).isEmpty shouldBe true
    }

    test("fragmenting agrees with a brute-force scan of the tombstones") {
        val seed = 42L
        val r = Random(seed)
        repeat(200) {
            val ts = List(r.nextInt(1, 12)) {
                val a = r.nextInt(50); val c = r.nextInt(50)
                RangeTombstone(byteArrayOf(minOf(a, c).toByte()), byteArrayOf(maxOf(a, c).toByte()), r.nextLong(1, 100))
            }
            val set = RangeTombstoneSet.of(ts)
            for (k in 0 until 55) {
                val key = byteArrayOf(k.toByte())
                val snap = r.nextLong(1, 120)
                val expected = ts.filter { it.covers(key) && it.sequence() <= snap }.maxOfOrNull { it.sequence() } ?: 0
                set.maxCoveringSeq(key, snap) shouldBe expected
            }
        }
    }
})

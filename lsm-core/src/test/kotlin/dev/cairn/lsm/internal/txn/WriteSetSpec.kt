package dev.cairn.lsm.internal.txn

import dev.cairn.lsm.ColumnFamily
import dev.cairn.lsm.internal.batch.FamilyTag
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.random.Random

/** A family handle as the batch encoder sees one: an id (300 takes two varint bytes in a batch). */
private class TestFamily(private val id: Int) : ColumnFamily, FamilyTag {
    override fun name() = "f$id"
    override fun familyId() = id
}

class WriteSetSpec : FunSpec({
    fun b(s: String) = s.toByteArray()
    val main = TestFamily(0)
    val other = TestFamily(300)

    test("the size kept is the encoded size of the commit batch, through deletes, ranges, merges and savepoints, across two families") {
        val seed = Random.nextLong()
        withClue("seed $seed") {
            val r = Random(seed)
            val w = WriteSet()
            repeat(400) {
                val k = b("k${r.nextInt(50)}")
                val f = if (r.nextBoolean()) main else other
                when (r.nextInt(8)) {
                    0, 1, 2 -> w.put(f, k, ByteArray(r.nextInt(300)))
                    3 -> w.delete(f, k)
                    4 -> w.deleteRange(f, k, b("k${r.nextInt(50)}z"))
                    5 -> w.setSavepoint()
                    6 -> w.merge(f, k, ByteArray(r.nextInt(20)))
                    else -> try { w.rollbackToSavepoint() } catch (e: IllegalStateException) { }
                }
                w.encodedSize() shouldBe w.toBatch().approximateSize().toLong()
            }
        }
    }

    test("a write past the limit is refused with the limit named, and the write set is unchanged") {
        val w = WriteSet(200)
        w.put(main, b("a"), ByteArray(100))
        val before = w.encodedSize()
        val e = shouldThrow<IllegalArgumentException> { w.put(other, b("b"), ByteArray(100)) }
        e.message shouldContain "Limits.MAX_TRANSACTION_BYTES"
        w.encodedSize() shouldBe before
        w.family(other).point(b("b")) shouldBe null
        w.toBatch().count() shouldBe 1
    }

    test("rolling back with no savepoint set says how to set one") {
        shouldThrow<IllegalStateException> { WriteSet().rollbackToSavepoint() }.message shouldContain "setSavepoint"
    }

    test("a rollback to a savepoint undoes the writes made since in every family, and only those") {
        val w = WriteSet()
        w.put(main, b("a"), b("1"))
        w.setSavepoint()
        w.put(other, b("a"), b("2"))
        w.deleteRange(main, b("a"), b("b"))
        w.merge(other, b("c"), b("3"))
        w.family(main).point(b("a")) shouldBe null
        w.rollbackToSavepoint()
        w.family(main).point(b("a"))!!.decodeToString() shouldBe "1"
        w.family(other).isEmpty shouldBe true
        w.writtenFamilies() shouldBe listOf(main)
        w.toBatch().count() shouldBe 1
    }
})

// GroupWrites keeps the writes of a commit group's earlier members per column family: a later
// member's key or range is met only by writes of its own family.
package dev.cairn.lsm.internal.engine

import dev.cairn.lsm.ColumnFamily
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.internal.batch.FamilyTag
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** A family handle as the batch encoder sees one. */
private class TestFamily(private val id: Int) : ColumnFamily, FamilyTag {
    override fun name() = "f$id"
    override fun familyId() = id
}

class GroupWritesSpec : FunSpec({
    fun b(s: String) = s.encodeToByteArray()

    test("an earlier member's writes meet a later member's keys and ranges of the same family only") {
        val users = TestFamily(1)
        val orders = TestFamily(300)
        val batch = WriteBatch().put(b("k"), b("v")).put(users, b("u"), b("v")).deleteRange(orders, b("a"), b("c"))
        val earlier = GroupWrites()
        earlier.add(BatchEncoding.of(batch).encode(1, 0))

        earlier.wrote(0, b("k")) shouldBe true
        earlier.wrote(1, b("k")) shouldBe false
        earlier.wrote(1, b("u")) shouldBe true
        earlier.wrote(0, b("u")) shouldBe false
        earlier.wrote(300, b("b")) shouldBe true
        earlier.wrote(1, b("b")) shouldBe false
        earlier.wrote(7, b("k")) shouldBe false

        earlier.firstWrittenIn(0, b("a"), b("z"))!!.decodeToString() shouldBe "k"
        earlier.firstWrittenIn(1, null, null)!!.decodeToString() shouldBe "u"
        earlier.firstWrittenIn(300, b("b"), null)!!.decodeToString() shouldBe "b"
        earlier.firstWrittenIn(300, b("c"), null) shouldBe null
        earlier.firstWrittenIn(1, b("a"), b("t")) shouldBe null
    }
})

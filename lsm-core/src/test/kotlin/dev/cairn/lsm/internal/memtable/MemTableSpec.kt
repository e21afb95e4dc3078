package dev.cairn.lsm.internal.memtable

import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.RangeTombstone
import dev.cairn.lsm.internal.key.StoredValue
import dev.cairn.lsm.internal.key.ValueKind
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe

class MemTableSpec : FunSpec({
    fun b(s: String) = s.toByteArray()

    test("get returns the newest version visible at the snapshot") {
        val m = MemTable(1)
        m.add(InternalKey.encode(b("k"), 5, ValueKind.PUT), StoredValue.encode(1, b("v5")), 1)
        m.add(InternalKey.encode(b("k"), 9, ValueKind.DELETE), StoredValue.encode(2, byteArrayOf()), 2)
        m.add(InternalKey.encode(b("k2"), 3, ValueKind.PUT), StoredValue.encode(1, b("x")), 1)
        m.get(b("k"), 100)!!.sequence() shouldBe 9
        m.get(b("k"), 8)!!.userValue().decodeToString() shouldBe "v5"
        m.get(b("k"), 4) shouldBe null
        m.get(b("j"), 100) shouldBe null
        m.get(b("k"), 100) shouldNotBe null
    }

    test("range tombstones are kept and sized") {
        val m = MemTable(1)
        m.isEmpty shouldBe true
        m.addRangeTombstone(RangeTombstone(b("a"), b("c"), 4), 7)
        m.isEmpty shouldBe false
        m.rangeTombstones().maxCoveringSeq(b("b"), 10) shouldBe 4
        (m.approximateBytes() > 0) shouldBe true
        m.minWriteTime() shouldBe 7
    }
})

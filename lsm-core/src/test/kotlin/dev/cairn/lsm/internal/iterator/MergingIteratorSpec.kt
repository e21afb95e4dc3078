package dev.cairn.lsm.internal.iterator

import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.StoredValue
import dev.cairn.lsm.internal.key.ValueKind
import dev.cairn.lsm.internal.memtable.MemTable
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

class MergingIteratorSpec : FunSpec({
    fun keysOf(it: InternalIterator, forward: Boolean): List<String> {
        val out = mutableListOf<String>()
        if (forward) { it.seekToFirst(); while (it.isValid) { out += InternalKey.describe(it.key()); it.next() } }
        else { it.seekToLast(); while (it.isValid) { out += InternalKey.describe(it.key()); it.prev() } }
        return out
    }

    test("merging several memtables yields every entry once, in internal order, both ways, and across direction changes") {
        val seed = 7L
        val r = Random(seed)
        val all = mutableListOf<ByteArray>()
        var seq = 1L
        val tables = List(4) { MemTable(it.toLong()) }
        repeat(400) {
            val k = "k${r.nextInt(60)}".toByteArray()
            val ik = InternalKey.encode(k, seq++, ValueKind.PUT)
            tables[r.nextInt(4)].add(ik, StoredValue.encode(0, byteArrayOf()), 0)
            all += ik
        }
        val expected = all.sortedWith(InternalKey.COMPARATOR).map { InternalKey.describe(it) }
        val merged = MergingIterator(tables.map { it.iterator() })
        keysOf(merged, true) shouldBe expected
        keysOf(merged, false) shouldBe expected.reversed()
        // random walk with direction changes
        var pos = r.nextInt(expected.size)
        merged.seek(all.sortedWith(InternalKey.COMPARATOR)[pos])
        repeat(500) {
            if (r.nextBoolean()) {
                if (pos + 1 < expected.size) { merged.next(); pos++ }
            } else if (pos > 0) { merged.prev(); pos-- }
            InternalKey.describe(merged.key()) shouldBe expected[pos]
        }
        merged.close()
    }

    test("seekForPrev lands on the last entry at or before the target") {
        val m1 = MemTable(1); val m2 = MemTable(2)
        m1.add(InternalKey.encode("a".toByteArray(), 1, ValueKind.PUT), byteArrayOf(0), 0)
        m2.add(InternalKey.encode("c".toByteArray(), 2, ValueKind.PUT), byteArrayOf(0), 0)
        val it = MergingIterator(listOf(m1.iterator(), m2.iterator()))
        it.seekForPrev(InternalKey.encode("b".toByteArray(), 0, 0))
        InternalKey.describe(it.key()) shouldBe InternalKey.describe(InternalKey.encode("a".toByteArray(), 1, ValueKind.PUT))
        it.next()
        InternalKey.userKey(it.key()).decodeToString() shouldBe "c"
    }
})

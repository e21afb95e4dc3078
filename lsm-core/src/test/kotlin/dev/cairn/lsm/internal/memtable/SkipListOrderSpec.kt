// Specification of the skiplist's order under its key-prefix shortcut and its reuse of the last
// insert's path: with keys of 0..20 bytes that often share their first 8 bytes, are shorter than
// 8 bytes, or hold 0x00 and 0xFF bytes, written in random or mostly ascending order, seek,
// seekBefore, forward and backward iteration and get all agree with a sorted list.
package dev.cairn.lsm.internal.memtable

import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.ValueKind
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll
import kotlin.random.Random

/** Bytes that sit at the edges of unsigned order, where a sign or padding mistake shows. */
private val EDGE_BYTES = byteArrayOf(0x00, 0x01, 0x61, 0x7F, 0x80.toByte(), 0xFE.toByte(), 0xFF.toByte())

/** User keys of 0..20 bytes drawn from [random]: about half start with one of a few shared 8-byte stems. */
internal class PrefixHeavyKeys(private val random: Random) {
    private val stems = List(4) { ByteArray(8) { edgeByte() } }

    private fun edgeByte(): Byte =
        if (random.nextInt(4) == 0) random.nextInt(256).toByte() else EDGE_BYTES[random.nextInt(EDGE_BYTES.size)]

    fun next(): ByteArray {
        val len = random.nextInt(0, 21)
        val stem = if (random.nextBoolean()) stems[random.nextInt(stems.size)] else null
        return ByteArray(len) { i -> if (stem != null && i < 8) stem[i] else edgeByte() }
    }
}

private fun hex(k: ByteArray) = k.joinToString("") { "%02x".format(it) }

class SkipListOrderSpec : FunSpec({

    test("a link prefix is 8 key bytes after its stem, big-endian, zero-padded, and never out of key order") {
        val none = LinkPrefix.NONE
        none.of(byteArrayOf(), 0, 0) shouldBe 0L
        none.of(byteArrayOf(0x12, 0x34), 0, 2) shouldBe 0x1234_0000_0000_0000L
        none.of(ByteArray(9) { 0xFF.toByte() }, 0, 9) shouldBe -1L
        none.of(byteArrayOf(9, 1, 2, 3, 4, 5, 6, 7, 8, 9), 1, 8) shouldBe 0x0102_0304_0506_0708L
        val zeros = LinkPrefix.around("0000000000000000".toByteArray(), "0000000000299999".toByteArray())
        zeros.stemLength() shouldBe 8
        zeros.of("0000000000123456".toByteArray(), 0, 16) shouldBe java.lang.Long.parseUnsignedLong("3030313233343536", 16)
        zeros.of("00000".toByteArray(), 0, 5) shouldBe 0L
        zeros.of("1".toByteArray(), 0, 1) shouldBe -1L
        LinkPrefix.around("ab".toByteArray(), "ac".toByteArray()).stemLength() shouldBe 0
        checkAll(200, PropTestConfig(seed = 77L), Arb.long()) { seed ->
            withClue("seed=$seed") {
                val keys = PrefixHeavyKeys(Random(seed))
                val p = LinkPrefix.around(keys.next(), keys.next())
                repeat(50) {
                    val a = keys.next()
                    val b = keys.next()
                    if (InternalKey.compareUserKeys(a, b) < 0) {
                        (java.lang.Long.compareUnsigned(p.of(a, 0, a.size), p.of(b, 0, b.size)) <= 0) shouldBe true
                    }
                }
            }
        }
    }

    test("seek, seekBefore, iteration both ways and get agree with a sorted list") {
        checkAll(60, PropTestConfig(seed = 20261122L), Arb.long()) { seed ->
            withClue("seed=$seed") {
                val random = Random(seed)
                val keys = PrefixHeavyKeys(random)
                val count = random.nextInt(0, 600)
                // Half the runs summarize keys after a stem two earlier keys share (often 6+ bytes).
                val previous = MemTable(0, 4096, 1L shl 20)
                val earlier = if (random.nextBoolean()) listOf(keys.next(), keys.next()).sortedWith(InternalKey::compareUserKeys) else listOf()
                for ((seq, uk) in earlier.withIndex()) {
                    previous.add(InternalKey.encode(uk, seq + 1L, ValueKind.PUT), byteArrayOf(), 0)
                }
                val memTable = MemTable.following(previous, 1, 1L shl 20)
                val list = SkipList(4096, if (earlier.isEmpty()) LinkPrefix.NONE else LinkPrefix.around(earlier[0], earlier[1]))
                val oracle = ArrayList<ByteArray>()
                val userKeys = ArrayList<ByteArray>()
                // Half the runs write mostly in ascending order, as a sequential fill or a batch of
                // sorted keys does, so inserts start from the previous insert's path.
                val ascending = if (random.nextBoolean()) List(count) { keys.next() }.sortedWith(InternalKey::compareUserKeys) else null
                for (seq in 1..count) {
                    // Some writes repeat an earlier user key, so versions of one key sit side by side.
                    val uk = when {
                        userKeys.isNotEmpty() && random.nextInt(5) == 0 -> userKeys[random.nextInt(userKeys.size)]
                        ascending != null && random.nextInt(8) != 0 -> ascending[seq - 1]
                        else -> keys.next()
                    }
                    userKeys += uk
                    val ikey = InternalKey.encode(uk, seq.toLong(), ValueKind.PUT)
                    val value = byteArrayOf(seq.toByte(), (seq shr 8).toByte())
                    oracle += ikey
                    memTable.add(ikey, value, seq.toLong())
                    list.insert(uk, 0, uk.size, InternalKey.trailer(ikey), value, value.size, value, 0, 0)
                }
                oracle.sortWith(InternalKey.COMPARATOR)

                val forward = ArrayList<ByteArray>()
                var n = list.first()
                while (n != SkipList.NIL) {
                    forward += list.key(n)
                    n = list.next(n, 0)
                }
                forward.map(::hex) shouldBe oracle.map(::hex)
                // Every level links each node to the next node tall enough to be on it.
                val nodes = ArrayList<Long>()
                n = list.first()
                while (n != SkipList.NIL) {
                    nodes += n
                    n = list.next(n, 0)
                }
                for ((i, node) in nodes.withIndex()) {
                    for (level in 1 until list.height(node)) {
                        val expected = nodes.subList(i + 1, nodes.size).firstOrNull { list.height(it) > level } ?: SkipList.NIL
                        withClue("node $i level $level") { list.next(node, level) shouldBe expected }
                    }
                }

                val backward = ArrayList<ByteArray>()
                memTable.iterator().use { it ->
                    it.seekToLast()
                    while (it.isValid) {
                        backward += it.key()
                        it.prev()
                    }
                }
                backward.map(::hex) shouldBe oracle.reversed().map(::hex)

                val probes = oracle + List(200) {
                    InternalKey.encode(keys.next(), random.nextLong(0, count + 2L), ValueKind.PUT)
                } + List(20) { InternalKey.seekKey(keys.next(), InternalKey.MAX_SEQUENCE) }
                for (probe in probes) {
                    withClue("probe=${hex(probe)}") {
                        val at = oracle.indexOfFirst { InternalKey.compare(it, probe) >= 0 }
                        val seek = list.seek(probe)
                        (if (seek == SkipList.NIL) null else hex(list.key(seek))) shouldBe (if (at < 0) null else hex(oracle[at]))
                        val beforeIndex = (if (at < 0) oracle.size else at) - 1
                        val before = list.seekBefore(probe)
                        (if (before == SkipList.NIL) null else hex(list.key(before))) shouldBe
                            (if (beforeIndex < 0) null else hex(oracle[beforeIndex]))
                        memTable.iterator().use { it ->
                            it.seekForPrev(probe)
                            val expected = oracle.lastOrNull { InternalKey.compare(it, probe) <= 0 }
                            (if (it.isValid) hex(it.key()) else null) shouldBe expected?.let(::hex)
                        }
                    }
                }

                for (uk in userKeys.distinctBy(::hex).take(100)) {
                    val snapshot = random.nextLong(0, count + 2L)
                    val expected = oracle.firstOrNull {
                        InternalKey.compareUserKeys(InternalKey.userKey(it), uk) == 0 && InternalKey.sequence(it) <= snapshot
                    }
                    memTable.get(uk, snapshot)?.internalKey()?.let(::hex) shouldBe expected?.let(::hex)
                }
            }
        }
    }
})

// Specifies the index seek aid: a block with RestartPrefixes seeks exactly where a plain block does.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.ValueKind
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

class RestartPrefixesSpec : FunSpec({
    val seed = System.getenv("CAIRN_SEED")?.toLong() ?: 20261122L

    /** Sorted, distinct internal keys whose user keys share [shared] and vary in length and content. */
    fun keys(r: Random, shared: String, count: Int): List<ByteArray> {
        val alphabet = "\u0000\u0001az09\u00ff"
        val users = List(count) {
            shared + String(CharArray(r.nextInt(0, 12)) { alphabet[r.nextInt(alphabet.length)] })
        }.map { s -> ByteArray(s.length) { s[it].code.toByte() } }
        // Some user keys repeat with different sequence numbers, as versions do.
        val versions = users.flatMap { u -> List(1 + r.nextInt(3)) { InternalKey.encode(u, r.nextLong(1, 1000), ValueKind.PUT) } }
        val sorted = versions.distinctBy { it.toList() }.sortedWith { a, b -> InternalKey.compare(a, b) }
        if (shared.isEmpty() || r.nextBoolean()) {
            return sorted
        }
        // Like an index's last separator: a short key after everything that shares the prefix.
        val successor = shared.toByteArray().copyOf(1).also { it[0] = (it[0] + 1).toByte() }
        return sorted + InternalKey.encode(successor, 1, ValueKind.PUT)
    }

    fun block(keys: List<ByteArray>, interval: Int): Block {
        val b = BlockBuilder(interval)
        keys.forEach { b.add(it, byteArrayOf(1)) }
        val array = b.finish()
        return Block(array.copyOf(b.length()), b.length(), "index.sst", 0)
    }

    fun position(it: BlockIterator): String? = if (it.isValid) it.key().toList().toString() else null

    /** Where the decided lookup of [firstAtOrAfter] lands, or "undecided". */
    fun decided(aided: Block, t: ByteArray): String? = when (val e = aided.restartPrefixes().firstAtOrAfter(t)) {
        RestartPrefixes.UNDECIDED -> "undecided"
        RestartPrefixes.PAST_END -> null
        else -> position(aided.newIterator().also { it.positionAtRestart(e) })
    }

    test("a seek with the aid lands where a seek without it does, for keys inside, between and outside the block") {
        val r = Random(seed)
        for (shared in listOf("", "user", "0000000000", "prefix-longer-than-eight-bytes")) {
            for (interval in listOf(1, 1, 3, 16)) {
                withClue("seed=$seed shared='$shared' interval=$interval") {
                    val ks = keys(r, shared, 400)
                    val plain = block(ks, interval)
                    val aided = plain.withSearchAid()
                    val targets = ks.map { it.copyOf() } + List(600) {
                        val base = ks[r.nextInt(ks.size)]
                        val user = base.copyOf(base.size - InternalKey.TRAILER)
                        val mutated = when (r.nextInt(5)) {
                            0 -> user.copyOf(r.nextInt(user.size + 1))
                            1 -> user + byteArrayOf(r.nextInt(256).toByte())
                            2 -> user.copyOf().also { if (it.isNotEmpty()) it[r.nextInt(it.size)] = r.nextInt(256).toByte() }
                            3 -> ByteArray(r.nextInt(20)) { r.nextInt(256).toByte() }
                            else -> user
                        }
                        InternalKey.encode(mutated, r.nextLong(0, 1100), ValueKind.PUT)
                    }
                    for (t in targets) {
                        val a = plain.newIterator().also { it.seek(t) }
                        val b = aided.newIterator().also { it.seek(t) }
                        position(b) shouldBe position(a)
                        val c = plain.newIterator().also { it.seekForPrev(t) }
                        val d = aided.newIterator().also { it.seekForPrev(t) }
                        position(d) shouldBe position(c)
                        if (interval == 1) {
                            val lookup = decided(aided, t)
                            if (lookup != "undecided") {
                                lookup shouldBe position(a)
                            }
                        }
                    }
                    if (interval == 1) {
                        // Most targets are decided by the longs alone (those sharing a long are not).
                        val undecided = targets.count { decided(aided, it) == "undecided" }
                        withClue("undecided $undecided of ${targets.size}") { (undecided < targets.size).shouldBe(true) }
                    }
                }
            }
        }
    }

    test("a long run of restarts with equal longs still seeks where a plain block does") {
        // First and last keys differ at byte 0, so the longs are bytes 0-7: equal for all between.
        val users = listOf("a") + List(300) { "bXXXXXXXXXX-%04d".format(it) } + listOf("c")
        val ks = users.map { InternalKey.encode(it.toByteArray(), 7, ValueKind.PUT) }
        val plain = block(ks, 1)
        val aided = plain.withSearchAid()
        val targets = users.flatMap { listOf(it, it + "0", it.dropLast(1)) } + listOf("bXXXXXXXXXX-0150x", "bXXXXXXXXX", "b")
        for (t in targets) {
            val key = InternalKey.encode(t.toByteArray(), 9, ValueKind.PUT)
            withClue(t) {
                position(aided.newIterator().also { it.seek(key) }) shouldBe position(plain.newIterator().also { it.seek(key) })
            }
        }
    }

    test("an index's handles decode once at open, entry by entry; a block with entries between restarts gets none") {
        val r = Random(seed)
        val users = List(200) { "key-%06d".format(it * 3) }
        val handles = users.indices.map { i -> 4096L * i + r.nextInt(100) to 4000L + r.nextInt(5000) }
        fun indexBlock(interval: Int): Block {
            val b = BlockBuilder(interval)
            users.forEachIndexed { i, u ->
                val value = ByteArray(20)
                var p = dev.cairn.lsm.internal.util.VarInt.writeUnsigned(value, 0, handles[i].first)
                p = dev.cairn.lsm.internal.util.VarInt.writeUnsigned(value, p, handles[i].second)
                b.add(InternalKey.encode(u.toByteArray(), -1L ushr 8, ValueKind.PUT), value.copyOf(p))
            }
            val array = b.finish()
            return Block(array.copyOf(b.length()), b.length(), "index.sst", 0).withSearchAid()
        }
        val decoded = IndexHandles.of(indexBlock(1))!!
        handles.forEachIndexed { i, (offset, size) ->
            withClue("seed=$seed entry $i") {
                decoded.offset(i) shouldBe offset
                decoded.size(i) shouldBe size
            }
        }
        IndexHandles.of(indexBlock(4)) shouldBe null
    }

    test("a block of one restart and an empty block need no aid to seek") {
        val one = block(listOf(InternalKey.encode("k".toByteArray(), 1, ValueKind.PUT)), 16).withSearchAid()
        val it = one.newIterator()
        it.seek(InternalKey.encode("a".toByteArray(), 5, ValueKind.PUT))
        it.isValid shouldBe true
        it.seek(InternalKey.encode("z".toByteArray(), 5, ValueKind.PUT))
        it.isValid shouldBe false
        val empty = block(emptyList(), 16).withSearchAid()
        empty.restartPrefixes() shouldBe null
        empty.newIterator().also { e -> e.seek(InternalKey.encode("a".toByteArray(), 5, ValueKind.PUT)) }.isValid shouldBe false
    }
})

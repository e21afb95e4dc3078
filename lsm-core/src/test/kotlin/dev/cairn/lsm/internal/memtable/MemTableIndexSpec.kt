// Specification of the memtable's hash index and the point reads it serves: every written key is
// found at the version a snapshot sees, absent keys are answered from the index alone, the index
// keeps every key as it grows far past its planned size, and readers beside the writer find every
// version published before they looked.
package dev.cairn.lsm.internal.memtable

import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.StoredValue
import dev.cairn.lsm.internal.key.ValueKind
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.random.Random

class MemTableIndexSpec : FunSpec({
    val seed = System.getenv("CAIRN_SEED")?.toLong() ?: 20261123L

    fun key(r: Random) = ByteArray(1 + r.nextInt(24)).also { r.nextBytes(it) }

    test("a memtable answers every written key and no absent one, far past its planned size") {
        withClue("seed $seed") {
            val r = Random(seed)
            // Planned for 4 KiB: the index starts at 64 slots and grows many times.
            val m = MemTable(1, 4096, 4096)
            val keys = List(20_000) { key(r) }.distinctBy { it.toList() }
            keys.forEachIndexed { i, k ->
                m.add(InternalKey.encode(k, i + 1L, ValueKind.PUT), StoredValue.encode(0, k), 0)
            }
            keys.forEachIndexed { i, k ->
                m.get(k, InternalKey.MAX_SEQUENCE)!!.sequence() shouldBe i + 1L
            }
            val present = keys.map { it.toList() }.toHashSet()
            repeat(20_000) {
                val k = key(r)
                if (k.toList() !in present) m.get(k, InternalKey.MAX_SEQUENCE) shouldBe null
            }
        }
    }

    test("a read sees the newest version its snapshot allows, and none before the first") {
        val m = MemTable(1, 4096, 1L shl 20)
        val k = "user".toByteArray()
        m.add(InternalKey.encode("usea".toByteArray(), 1, ValueKind.PUT), byteArrayOf(), 0)
        m.add(InternalKey.encode(k, 5, ValueKind.PUT), byteArrayOf(), 0)
        m.add(InternalKey.encode(k, 9, ValueKind.DELETE), byteArrayOf(), 0)
        m.add(InternalKey.encode(k, 12, ValueKind.PUT), byteArrayOf(), 0)
        m.add(InternalKey.encode("usez".toByteArray(), 13, ValueKind.PUT), byteArrayOf(), 0)
        m.get(k, 100)!!.sequence() shouldBe 12L
        m.get(k, 12)!!.sequence() shouldBe 12L
        m.get(k, 11)!!.sequence() shouldBe 9L
        m.get(k, 11)!!.kind() shouldBe ValueKind.DELETE
        m.get(k, 8)!!.sequence() shouldBe 5L
        m.get(k, 4) shouldBe null
        m.get("use".toByteArray(), 100) shouldBe null
    }

    test("a key inside a larger array is indexed by its slice only") {
        val m = MemTable(1, 4096, 1L shl 16)
        val framed = "xxuser42yy".toByteArray()
        m.add(framed, 2, 6, InternalKey.trailer(InternalKey.encode(byteArrayOf(), 7, ValueKind.PUT)), 0, 8, 2)
        m.get("user42".toByteArray(), 7)!!.sequence() shouldBe 7L
        m.get("xxuser42".toByteArray(), 7) shouldBe null
    }

    test("readers beside the writer find every version published before they looked, while the index grows") {
        withClue("seed $seed") {
            val r = Random(seed + 1)
            val userKeys = List(3_000) { key(r) }.distinctBy { it.toList() }
            val total = 40_000
            // Every write picks a user key; seq i+1 is the i-th write.
            val picks = IntArray(total) { r.nextInt(userKeys.size) }
            val seqsOf = Array(userKeys.size) { ArrayList<Long>() }
            picks.forEachIndexed { i, k -> seqsOf[k] += i + 1L }
            val m = MemTable(1, 4096, 4096)
            val published = AtomicInteger(0)
            val done = AtomicBoolean(false)
            val failure = AtomicReference<Throwable>()
            val start = CountDownLatch(1)
            val readers = List(2) { n ->
                Thread {
                    try {
                        start.await()
                        val probe = Random(seed + 10 + n)
                        while (!done.get()) {
                            val seen = published.get().toLong()
                            val k = probe.nextInt(userKeys.size)
                            val expected = seqsOf[k].lastOrNull { it <= seen }
                            val got = m.get(userKeys[k], seen)?.sequence()
                            check(got == expected) { "key $k at snapshot $seen: got $got, expected $expected" }
                        }
                    } catch (t: Throwable) {
                        failure.compareAndSet(null, t)
                    }
                }.apply { start() }
            }
            start.countDown()
            for (i in 0 until total) {
                m.add(InternalKey.encode(userKeys[picks[i]], i + 1L, ValueKind.PUT), byteArrayOf(1), 0)
                published.set(i + 1)
            }
            done.set(true)
            readers.forEach { it.join() }
            failure.get()?.let { throw AssertionError("seed $seed: reader failed", it) }
        }
    }
})

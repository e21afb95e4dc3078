// Specifies one block-cache shard against a map oracle: what it returns is what was put, its
// byte accounting matches what it holds, it never exceeds its budget, CLOCK spares blocks
// that were used, and a full shard admits only some of the blocks reads missed.
package dev.cairn.lsm.internal.sstable

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlin.random.Random

private fun sizedBlock(bytes: Int): Block {
    val data = ByteArray(bytes) // restart count 0 in the last four bytes: an empty block
    return Block(data, 4, "t.sst", 0)
}

class CacheShardSpec : FunSpec({
    val seed = System.getenv("CAIRN_SEED")?.toLong() ?: 20261122L

    test("random puts, gets and file evictions agree with a map oracle, within the byte budget") {
        for (round in 0 until 20) {
            val r = Random(seed + round)
            withClue("seed=${seed + round}") {
                val capacity = 2_000L + r.nextInt(20_000)
                val shard = CacheShard(capacity)
                val oracle = HashMap<Pair<Long, Long>, Block>()
                repeat(3_000) {
                    val file = r.nextLong(1, 6)
                    val offset = r.nextLong(0, 60) * 4096
                    when (r.nextInt(10)) {
                        in 0..4 -> {
                            val b = sizedBlock(8 + r.nextInt(600))
                            shard.put(file, offset, b)
                            oracle[file to offset] = b
                        }
                        in 5..8 -> {
                            val got = shard.get(file, offset, true)
                            if (got != null) {
                                got shouldBeSameInstanceAs oracle[file to offset]!!
                            }
                        }
                        else -> {
                            shard.evictFile(file)
                            oracle.keys.removeIf { it.first == file }
                            (0L until 60L).count { shard.get(file, it * 4096, true) != null } shouldBe 0
                        }
                    }
                    (shard.used() <= capacity) shouldBe true
                }
                // Accounting: the bytes in use are exactly the charges of the blocks still held.
                val held = oracle.entries.filter { (k, _) -> shard.get(k.first, k.second, true) != null }
                shard.used() shouldBe held.sumOf { it.value.charge().toLong() }
            }
        }
    }

    test("a block used since the clock last passed survives the next eviction; an unused one goes") {
        val b = sizedBlock(1000)
        val shard = CacheShard(3L * b.charge())
        shard.put(1, 0, sizedBlock(1000))
        shard.put(1, 1, sizedBlock(1000))
        shard.put(1, 2, sizedBlock(1000))
        shard.get(1, 0, true)
        shard.put(1, 3, sizedBlock(1000))
        (shard.get(1, 0, true) != null) shouldBe true
        shard.get(1, 1, true) shouldBe null
        (shard.get(1, 2, true) != null) shouldBe true
        (shard.get(1, 3, true) != null) shouldBe true
    }

    test("a block a read missed is admitted while the shard has room, and one in ADMIT_ONE_IN once it is full") {
        val b = sizedBlock(1000)
        val shard = CacheShard(10L * b.charge())
        for (i in 0 until 10) shard.offer(1, i * 4096L, sizedBlock(1000))
        shard.used() shouldBe 10L * b.charge()
        // Full now: of these, every ADMIT_ONE_IN-th gets in, each evicting an unused first block.
        val offered = 10 * CacheShard.ADMIT_ONE_IN
        for (i in 0 until offered) shard.offer(2, i * 4096L, sizedBlock(1000))
        (0 until offered).count { shard.get(2, it * 4096L, true) != null } shouldBe 10
        (0 until 10).count { shard.get(1, it * 4096L, true) != null } shouldBe 0
        (shard.used() <= 10L * b.charge()) shouldBe true
    }

    test("the table grows past its first size and keeps every block") {
        val shard = CacheShard(1L shl 30)
        val blocks = (0 until 5_000).map { sizedBlock(16) }
        blocks.forEachIndexed { i, b -> shard.put(i.toLong() % 7, i.toLong() * 512, b) }
        (shard.slots() >= 8_192) shouldBe true
        blocks.forEachIndexed { i, b -> shard.get(i.toLong() % 7, i.toLong() * 512, true)!! shouldBeSameInstanceAs b }
    }

    test("a shard is first sized for its capacity in 4 KiB blocks, so filling it with them never grows its table") {
        val shard = CacheShard(4L shl 20)
        shard.slots() shouldBe 2048
        repeat(3_000) { i -> shard.put(1, i * 4096L, sizedBlock(4096)) }
        shard.slots() shouldBe 2048
        CacheShard(1L shl 10).slots() shouldBe 64
    }

    test("lookups that take no lock, racing puts, evictions, growth and file drops, return a key's own block or nothing") {
        // Each key has one block of its own: a lookup that read a slot while a change moved it
        // must never hand back another key's block (the optimistic read is validated, and
        // retried under the read lock when a change ran meanwhile).
        val keys = (0 until 2_000).map { (it % 5).toLong() to it * 4096L }
        val own = keys.associateWith { sizedBlock(300 + (it.second / 4096 % 200).toInt()) }
        val shard = CacheShard(200L * 600) // holds about a tenth of them: eviction runs all along
        val failure = java.util.concurrent.atomic.AtomicReference<Throwable>()
        val stop = java.util.concurrent.atomic.AtomicBoolean()
        val readers = (0 until 3).map { n ->
            Thread {
                val r = Random(seed + 100 + n)
                try {
                    while (!stop.get()) {
                        val k = keys[r.nextInt(keys.size)]
                        val got = shard.get(k.first, k.second, true)
                        if (got != null && got !== own[k]) {
                            throw AssertionError("lookup of $k returned another key's block (seed=${seed + 100 + n})")
                        }
                    }
                } catch (e: Throwable) {
                    failure.compareAndSet(null, e)
                }
            }.also { it.start() }
        }
        val r = Random(seed)
        repeat(60_000) {
            val k = keys[r.nextInt(keys.size)]
            when (r.nextInt(50)) {
                0 -> shard.evictFile(k.first)
                in 1..20 -> shard.put(k.first, k.second, own[k]!!)
                else -> shard.offer(k.first, k.second, own[k]!!)
            }
        }
        stop.set(true)
        readers.forEach { it.join() }
        withClue("seed=$seed") {
            failure.get() shouldBe null
            (shard.used() <= 200L * 600) shouldBe true
        }
    }
})

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
})

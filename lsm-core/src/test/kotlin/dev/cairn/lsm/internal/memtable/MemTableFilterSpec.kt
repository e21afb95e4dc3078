package dev.cairn.lsm.internal.memtable

import dev.cairn.lsm.internal.sstable.KeyHash
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import kotlin.random.Random

class MemTableFilterSpec : FunSpec({
    val seed = System.getenv("CAIRN_SEED")?.toLong() ?: 20261122L

    fun key(r: Random) = ByteArray(1 + r.nextInt(24)).also { r.nextBytes(it) }

    fun hash(k: ByteArray) = KeyHash.hash64(k, 0, k.size)

    test("every added key may be present: the filter has no false negatives") {
        withClue("seed $seed") {
            val r = Random(seed)
            val f = MemTableFilter(1L shl 20)
            val keys = List(50_000) { key(r) }
            keys.forEach { f.add(hash(it)) }
            keys.count { !f.mayContain(hash(it)) } shouldBe 0
        }
    }

    test("keys never added are mostly rejected at the planned load (false positives under 5%)") {
        withClue("seed $seed") {
            val r = Random(seed + 1)
            // 16 MiB planned, 130-byte entries: about 129 k keys in 1 M bits.
            val f = MemTableFilter(16L shl 20)
            repeat(129_000) { f.add(hash(key(r))) }
            val probes = 100_000
            val positives = (0 until probes).count { i ->
                val k = "absent-$i-${r.nextLong()}".toByteArray()
                f.mayContain(hash(k))
            }
            (positives.toDouble() / probes) shouldBeLessThan 0.05
        }
    }
})

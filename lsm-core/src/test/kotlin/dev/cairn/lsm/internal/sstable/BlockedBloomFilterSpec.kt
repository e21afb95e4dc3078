// Specifies the cache-line-blocked bloom filter the builder writes: the documented byte layout,
// no false negatives, the measured false-positive rate, how evenly keys spread over blocks and
// probes over a block's bits, the choice of k, and refusal of damaged blocks.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.CorruptionException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.math.exp
import kotlin.math.pow
import kotlin.random.Random

private fun blockedBlock(keys: List<ByteArray>, bitsPerKey: Int): ByteArray {
    val b = BloomFilterBuilder(bitsPerKey)
    keys.forEach { b.add(it, 0, it.size) }
    return b.finish()
}

private fun blockedFilter(keys: List<ByteArray>, bitsPerKey: Int): BloomFilter {
    val block = blockedBlock(keys, bitsPerKey)
    return BloomFilter(block, block.size, "t.sst", 0)
}

/** Random keys of 0..32 bytes; duplicates are harmless to the filter. */
private fun randomKeys(random: Random, n: Int): List<ByteArray> = List(n) { random.nextBytes(random.nextInt(33)) }

/** docs/format.md's blocked arithmetic, written out separately: the bit indexes (into the whole array) key [key] sets. */
private fun documentedBits(key: ByteArray, blocks: Int, k: Int): List<Int> {
    val h = KeyHash.hash64(key, 0, key.size)
    val block = ((h and 0xFFFFFFFFL) * blocks ushr 32).toInt()
    var s = (h ushr 32).toInt()
    val out = ArrayList<Int>()
    repeat(k) {
        out += block * 512 + (s ushr 23)
        s *= 0x9E3779B9.toInt()
    }
    return out
}

/** Modelled false-positive rate of a blocked filter with 512-bit blocks (Poisson block loads). */
private fun modelledRate(bitsPerKey: Int, k: Int): Double {
    val mean = 512.0 / bitsPerKey
    var p = exp(-mean)
    var total = 0.0
    var n = 0
    while (n < mean * 6 + 200) {
        total += p * (1 - (1 - 1.0 / 512).pow(n * k)).pow(k)
        n++
        p *= mean / n
    }
    return total
}

/** Pearson's chi-square statistic of [counts] against a uniform expectation. */
private fun chiSquare(counts: IntArray): Double {
    val expected = counts.sum().toDouble() / counts.size
    return counts.sumOf { (it - expected) * (it - expected) / expected }
}

class BlockedBloomFilterSpec : FunSpec({
    test("the builder writes whole 64-byte blocks and then the marker byte 0x80 | k") {
        for ((n, bits) in listOf(0 to 10, 1 to 10, 51 to 10, 52 to 10, 1000 to 10, 1000 to 3, 300 to 64)) {
            withClue("$n keys at $bits bits/key") {
                val block = blockedBlock((0 until n).map { "k$it".encodeToByteArray() }, bits)
                val wantedBlocks = maxOf(1L, (n.toLong() * bits + 511) / 512).toInt()
                block.size shouldBe wantedBlocks * 64 + 1
                block.last().toInt() and 0xFF shouldBe (0x80 or BloomFilterBuilder.probes(bits))
                val f = BloomFilter(block, block.size, "t.sst", 0)
                f.blocked() shouldBe true
                f.probes() shouldBe BloomFilterBuilder.probes(bits)
            }
        }
    }

    test("the filter bytes are exactly those docs/format.md describes") {
        val random = Random(7)
        val keys = randomKeys(random, 5000)
        val block = blockedBlock(keys, 10)
        val blocks = (block.size - 1) / 64
        val expected = ByteArray(block.size)
        for (key in keys) {
            for (bit in documentedBits(key, blocks, 6)) {
                expected[bit ushr 3] = (expected[bit ushr 3].toInt() or (1 shl (bit and 7))).toByte()
            }
        }
        expected[expected.size - 1] = (0x80 or 6).toByte()
        block.contentEquals(expected) shouldBe true
    }

    test("one key sets at most k bits, all inside one 64-byte block") {
        val random = Random(8)
        repeat(200) {
            val key = random.nextBytes(random.nextInt(20))
            val block = blockedBlock(List(1) { key } + randomKeys(Random(it), 0), 40)
            val setBytes = block.indices.filter { i -> i < block.size - 1 && block[i].toInt() != 0 }
            (setBytes.last() / 64) shouldBe (setBytes.first() / 64)
            setBytes.sumOf { i -> Integer.bitCount(block[i].toInt() and 0xFF) } shouldBeLessThanOrEqual BloomFilterBuilder.probes(40)
        }
    }

    test("a blocked filter has no false negatives over many random keys at every budget") {
        val seed = 6L
        withClue("seed=$seed") {
            val random = Random(seed)
            for (bits in listOf(1, 2, 4, 7, 10, 16, 33, 64)) {
                withClue("bits per key $bits") {
                    val keys = randomKeys(random, 1 + random.nextInt(60_000))
                    val f = blockedFilter(keys, bits)
                    keys.count { !f.mayContain(it, 0, it.size) } shouldBe 0
                }
            }
        }
    }

    test("keys at an offset inside a larger array are found like the same keys on their own") {
        val random = Random(9)
        val keys = randomKeys(random, 10_000)
        val f = blockedFilter(keys, 10)
        for (key in keys.take(2000)) {
            val padded = random.nextBytes(5) + key + random.nextBytes(3)
            f.mayContain(padded, 5, key.size) shouldBe true
        }
    }

    test("the measured false-positive rate at 10 bits per key is below 2% over 100k keys") {
        val seed = 20261122L
        withClue("seed=$seed") {
            val random = Random(seed)
            val keys = List(100_000) { random.nextBytes(16) }
            val present = keys.mapTo(HashSet()) { it.asList() }
            val f = blockedFilter(keys, 10)
            var absent = 0
            var fp = 0
            while (absent < 200_000) {
                val k = random.nextBytes(16)
                if (k.asList() in present) continue
                absent++
                if (f.mayContain(k, 0, k.size)) fp++
            }
            val rate = fp.toDouble() / absent
            println("blocked bloom false-positive rate at 10 bits/key, k = 6: %.4f%% (%d of %d absent keys, %d keys; model %.4f%%)"
                .format(rate * 100, fp, absent, keys.size, modelledRate(10, 6) * 100))
            rate shouldBeLessThan 0.02
            // The probe scheme should do as well as independent random probes would, within noise.
            rate shouldBeLessThan modelledRate(10, 6) * 1.1
        }
    }

    test("the false-positive rate falls as bits per key rise, and is measured for each") {
        val random = Random(11)
        val n = 20_000
        val keys = List(n) { random.nextBytes(12) }
        val absent = List(100_000) { random.nextBytes(13) }
        var previous = 1.0
        for (bits in listOf(2, 5, 10, 15, 20)) {
            val f = blockedFilter(keys, bits)
            val rate = absent.count { f.mayContain(it, 0, it.size) }.toDouble() / absent.size
            println("blocked bloom false-positive rate at $bits bits/key (k = ${BloomFilterBuilder.probes(bits)}): %.4f%%, model %.4f%%"
                .format(rate * 100, modelledRate(bits, BloomFilterBuilder.probes(bits)) * 100))
            (rate < previous) shouldBe true
            previous = rate
        }
    }

    test("k for each budget is the smallest whose modelled rate is within 1% of the best k's") {
        BloomFilterBuilder.probes(10) shouldBe 6
        for (bits in 1..64) {
            withClue("bits per key $bits") {
                val rates = (1..30).associateWith { modelledRate(bits, it) }
                val best = rates.values.min()
                BloomFilterBuilder.probes(bits) shouldBe rates.filter { it.value <= best * 1.01 }.keys.min()
            }
        }
    }

    test("keys spread evenly over the blocks") {
        val random = Random(12)
        val blocks = 1000
        val counts = IntArray(blocks)
        repeat(200_000) {
            val k = random.nextBytes(10)
            counts[BloomFilter.blockOffset(KeyHash.hash64(k, 0, k.size), blocks) / 64]++
        }
        // 999 degrees of freedom: mean 999, standard deviation about 45.
        chiSquare(counts) shouldBeLessThan 1200.0
    }

    test("a key's probes spread evenly over the 512 bits of its block and rarely repeat") {
        val random = Random(13)
        val k = 6
        val positions = IntArray(512)
        val byProbe = Array(k) { IntArray(512) }
        var distinct = 0L
        val samples = 100_000
        repeat(samples) {
            var s = random.nextInt()
            val seen = HashSet<Int>()
            for (j in 0 until k) {
                val bit = s ushr 23
                positions[bit]++
                byProbe[j][bit]++
                seen += bit
                s *= BloomFilter.PROBE_MULTIPLIER
            }
            distinct += seen.size
        }
        // 511 degrees of freedom: mean 511, standard deviation about 32.
        chiSquare(positions) shouldBeLessThan 650.0
        for (j in 0 until k) withClue("probe $j") { chiSquare(byProbe[j]) shouldBeLessThan 650.0 }
        // Independent uniform picks would give 512 × (1 − (511/512)^6) ≈ 5.971 distinct bits per key.
        val ideal = 512 * (1 - (511.0 / 512).pow(k))
        val mean = distinct.toDouble() / samples
        println("mean distinct bits per key over $k probes: %.4f (independent picks: %.4f)".format(mean, ideal))
        (kotlin.math.abs(mean - ideal) < 0.01) shouldBe true
    }

    test("a blocked block whose bits are not a positive multiple of 64 bytes is corrupt, naming file and offset") {
        for (bitBytes in listOf(0, 1, 63, 65, 127, 100)) {
            withClue("$bitBytes bytes of bits") {
                val block = ByteArray(bitBytes + 1).also { it[bitBytes] = (0x80 or 6).toByte() }
                val e = shouldThrow<CorruptionException> { BloomFilter(block, block.size, "/db/000007.sst", 4242) }
                e.message shouldContain "/db/000007.sst"
                e.message shouldContain "offset 4242"
            }
        }
        shouldThrow<CorruptionException> { BloomFilter(ByteArray(0), 0, "/db/000007.sst", 4242) }.message shouldContain "offset 4242"
    }

    test("a bad marker byte is corrupt, naming file and offset") {
        for (marker in listOf(0x00, 0x1F, 0x7F, 0x80, 0x80 or 31, 0xC6, 0xFF)) {
            withClue("marker 0x%02x".format(marker)) {
                val block = ByteArray(65).also { it[64] = marker.toByte() }
                val e = shouldThrow<CorruptionException> { BloomFilter(block, block.size, "/db/000007.sst", 4242) }
                e.message shouldContain "/db/000007.sst"
                e.message shouldContain "offset 4242"
            }
        }
        for (k in 1..30) {
            BloomFilter(ByteArray(65).also { it[64] = (0x80 or k).toByte() }, 65, "t", 0).probes() shouldBe k
        }
    }

    test("a table whose filter marker is damaged (checksums repaired) is refused at open, naming the file and the filter offset") {
        val fs = FakeFileSystem()
        val path = "/000042.sst".toPath()
        writeTable(fs, path, (0 until 500).map { Entry(ikey("k%05d".format(it), 1), stored("v")) }, options(bloom = 10))
        val original = fs.read(path) { readByteArray() }
        val footer = Footer.decode(original.copyOfRange(original.size - Footer.SIZE, original.size), "t",
            original.size.toLong() - Footer.SIZE)
        val markerAt = (footer.filter().offset() + footer.filter().size() - 1).toInt()
        original[markerAt].toInt() and 0xFF shouldBe (0x80 or 6)
        for (forged in listOf(0x80, 0x80 or 31, 0x00)) {
            withClue("marker 0x%02x".format(forged)) {
                val image = original.copyOf().also { it[markerAt] = forged.toByte() }
                fs.write(path) { write(TableReseal.reseal(image)) }
                val e = shouldThrow<CorruptionException> { TableReader.open(fs, path, 42, null) }
                e.message shouldContain "/000042.sst"
                e.message shouldContain "offset ${footer.filter().offset()}"
                fs.checkNoOpenFiles()
            }
        }
        // A forged flat marker (k = 6) is a valid old-format filter over the same bits: no corruption, only other answers.
        fs.write(path) { write(TableReseal.reseal(original.copyOf().also { it[markerAt] = 6 })) }
        TableReader.open(fs, path, 42, null).use { it.mayContain("k00001".encodeToByteArray()) }
        fs.checkNoOpenFiles()
    }
})

// Specifies that filter blocks of the flat (pre-blocked) layout, which older tables carry, are
// still read with their own arithmetic, unchanged: a block made by hand per the old layout, and a
// whole table file written by the engine before blocked filters existed.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.internal.key.InternalKey
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

/** A table file written by the engine before blocked filters: 30 user keys, a flat filter with k = 7. */
private const val OLD_TABLE = "/dev/cairn/lsm/internal/sstable/old-format/flat-bloom-multi-block.sst"

/** Random keys of 8..24 bytes, long enough that a fresh one is almost never among the present keys. */
private fun randomKeys(random: Random, n: Int): List<ByteArray> = List(n) { random.nextBytes(8 + random.nextInt(17)) }

class FlatBloomFilterSpec : FunSpec({
    test("a flat filter block built by hand per the old layout is read as flat, with its own k") {
        val keys = randomKeys(Random(1), 1000)
        val block = FlatBloomFixture.block(keys, 10)
        val f = BloomFilter(block, block.size, "old.sst", 0)
        f.blocked() shouldBe false
        f.probes() shouldBe 7
    }

    test("a flat filter has no false negatives and answers every absent key exactly as the old layout says") {
        val seed = 20261122L
        withClue("seed=$seed") {
            val random = Random(seed)
            for (bits in listOf(1, 5, 10, 20)) {
                withClue("bits per key $bits") {
                    val keys = randomKeys(random, 20_000)
                    val block = FlatBloomFixture.block(keys, bits)
                    val f = BloomFilter(block, block.size, "old.sst", 0)
                    keys.all { f.mayContain(it, 0, it.size) } shouldBe true
                    val absent = randomKeys(random, 20_000)
                    absent.count { f.mayContain(it, 0, it.size) != FlatBloomFixture.query(block, it) } shouldBe 0
                    if (bits == 10) {
                        val rate = absent.count { f.mayContain(it, 0, it.size) }.toDouble() / absent.size
                        println("flat bloom false-positive rate at 10 bits/key: %.4f%%".format(rate * 100))
                        rate shouldBeLessThan 0.0125
                    }
                }
            }
        }
    }

    test("a flat filter block of only its k byte (no bits) answers maybe, as before") {
        val f = BloomFilter(byteArrayOf(7), 1, "old.sst", 0)
        f.blocked() shouldBe false
        f.mayContain(ByteArray(3), 0, 3) shouldBe true
    }

    test("a flat filter block inside a larger buffer reads only its own length") {
        val keys = randomKeys(Random(2), 500)
        val block = FlatBloomFixture.block(keys, 10)
        val buffer = block + ByteArray(100) { 0x55 }
        val f = BloomFilter(buffer, block.size, "old.sst", 0)
        keys.all { f.mayContain(it, 0, it.size) } shouldBe true
    }

    test("a table written before blocked filters still opens, finds every key, and its filter answers as the old layout says") {
        val image = FlatBloomFilterSpec::class.java.getResourceAsStream(OLD_TABLE)!!.use { it.readBytes() }
        val footer = Footer.decode(image.copyOfRange(image.size - Footer.SIZE, image.size), "old", image.size.toLong() - Footer.SIZE)
        val start = footer.filter().offset().toInt()
        val filterBlock = image.copyOfRange(start, start + footer.filter().size().toInt())
        filterBlock.last().toInt() shouldBe 7

        val fs = FakeFileSystem()
        val path = "/000009.sst".toPath()
        fs.write(path) { write(image) }
        TableReader.open(fs, path, 9, null).use { t ->
            val users = ArrayList<ByteArray>()
            t.newIterator(true).use { it.forwardScan() }.forEach { e ->
                val user = InternalKey.userKey(e.key)
                if (users.isEmpty() || !users.last().contentEquals(user)) users += user
            }
            users.size shouldBe 30
            for (u in users) {
                t.mayContain(u) shouldBe true
                InternalKey.userKey(t.get(u, InternalKey.MAX_SEQUENCE, true)!!.internalKey()).contentEquals(u) shouldBe true
            }
            val absent = (0 until 5000).map { "absent/%06d".format(it).encodeToByteArray() }
            absent.count { t.mayContain(it) != FlatBloomFixture.query(filterBlock, it) } shouldBe 0
        }
        fs.checkNoOpenFiles()
    }
})

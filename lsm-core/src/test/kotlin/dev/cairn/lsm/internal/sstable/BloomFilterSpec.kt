// Specifies the bloom filter: no false negatives, measured false-positive rates, table integration.
package dev.cairn.lsm.internal.sstable

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun filterOf(keys: List<ByteArray>, bitsPerKey: Int): BloomFilter {
    val b = BloomFilterBuilder(bitsPerKey)
    keys.forEach { b.add(it, 0, it.size) }
    val block = b.finish()
    return BloomFilter(block, block.size, "t.sst", 0)
}

private fun key(i: Int) = "user-key-%09d".format(i).encodeToByteArray()

class BloomFilterSpec : FunSpec({
    test("a bloom filter has no false negatives") {
        val keys = (0 until 20_000).map(::key)
        val f = filterOf(keys, 10)
        keys.all { f.mayContain(it, 0, it.size) } shouldBe true
    }

    test("the false-positive rate at 10 bits per key is about 1%") {
        val n = 50_000
        val f = filterOf((0 until n).map(::key), 10)
        val probes = 100_000
        var fp = 0
        for (i in n until n + probes) {
            val k = key(i)
            if (f.mayContain(k, 0, k.size)) fp++
        }
        val rate = fp.toDouble() / probes
        println("bloom false-positive rate at 10 bits/key: %.4f%% (%d of %d absent keys, %d keys in filter)"
            .format(rate * 100, fp, probes, n))
        rate shouldBeLessThan 0.0125
    }

    test("fewer bits per key give a higher false-positive rate, and it is measured for each") {
        val n = 10_000
        var previous = 0.0
        for (bits in listOf(20, 10, 5, 2)) {
            val f = filterOf((0 until n).map(::key), bits)
            val probes = 50_000
            val fp = (n until n + probes).count { val k = key(it); f.mayContain(k, 0, k.size) }
            val rate = fp.toDouble() / probes
            println("bloom false-positive rate at $bits bits/key: %.4f%%".format(rate * 100))
            (rate >= previous) shouldBe true
            previous = rate
        }
    }

    test("short and empty keys hash without errors and are found") {
        val keys = listOf(ByteArray(0), byteArrayOf(1), byteArrayOf(1, 2, 3, 4, 5, 6, 7), ByteArray(8), ByteArray(17) { it.toByte() })
        val f = filterOf(keys, 10)
        keys.all { f.mayContain(it, 0, it.size) } shouldBe true
    }

    test("the hash is a fixed function of the bytes (part of the format)") {
        val a = "hello".encodeToByteArray()
        KeyHash.hash64(a, 0, a.size) shouldBe KeyHash.hash64(byteArrayOf(0) + a, 1, a.size)
        (KeyHash.hash64(a, 0, a.size) != KeyHash.hash64(a, 0, 4)) shouldBe true
        (KeyHash.hash64(ByteArray(0), 0, 0) != KeyHash.hash64(ByteArray(1), 0, 1)) shouldBe true
    }

    test("a table's filter answers for user keys, and a table without one answers maybe") {
        val fs = FakeFileSystem()
        val entries = (0 until 1000).map { Entry(ikey("k%05d".format(it), 1), stored("v")) }
        writeTable(fs, "/f.sst".toPath(), entries, options(bloom = 10))
        writeTable(fs, "/n.sst".toPath(), entries, options(bloom = 0))
        TableReader.open(fs, "/f.sst".toPath(), 1, null).use { t ->
            entries.all { t.mayContain("k%05d".format(entries.indexOf(it)).encodeToByteArray()) } shouldBe true
            val absent = (1000 until 11000).count { t.mayContain("k%05d".format(it).encodeToByteArray()) }
            (absent < 300) shouldBe true
        }
        TableReader.open(fs, "/n.sst".toPath(), 2, null).use { t ->
            t.mayContain("nope".encodeToByteArray()) shouldBe true
            t.get("nope".encodeToByteArray(), 5, true) shouldBe null
        }
        fs.checkNoOpenFiles()
    }
})

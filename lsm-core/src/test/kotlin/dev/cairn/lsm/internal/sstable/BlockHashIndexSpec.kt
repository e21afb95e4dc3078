// Specifies the data-block hash index (docs/format.md, "Data-block hash index"): a point lookup
// through it answers exactly what a binary search of the restarts answers, in tables with and
// without it; a table written before it (a checked-in fixture) keeps reading; damaged buckets are
// reported as corruption.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.StoredValue
import dev.cairn.lsm.internal.key.ValueKind
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

/** A table written before hash indexes by the generator below (1 KiB blocks, restart interval 4). */
private const val PRE_HASH_TABLE = "/dev/cairn/lsm/internal/sstable/old-format/pre-hash-index.sst"

/** The fixture's entries as its generator wrote them: 400 user keys, 1-3 versions, some deletes. */
private fun fixtureEntries(): List<Entry> = (0 until 400).flatMap { i ->
    val user = "key-%05d".format(i * 2).encodeToByteArray()
    (0 until 1 + i % 3).map { v ->
        val seq = 1000L - v * 100 + i % 7
        val delete = v == 0 && i % 11 == 5
        val value = if (delete) ByteArray(0) else "v$i@$seq".encodeToByteArray()
        Entry(InternalKey.encode(user, seq, if (delete) ValueKind.DELETE else ValueKind.PUT), StoredValue.encode(0, value))
    }
}

/** What a get must answer: the newest version at or below [snapshot], as "kind:value", or null. */
private fun expected(entries: List<Entry>, user: ByteArray, snapshot: Long): String? =
    entries.firstOrNull { InternalKey.userKey(it.key).contentEquals(user) && InternalKey.sequence(it.key) <= snapshot }
        ?.let { "${InternalKey.kind(it.key)}:${StoredValue.userValue(it.value).decodeToString()}" }

private fun answer(t: TableReader, user: ByteArray, snapshot: Long): String? =
    t.get(user, snapshot, true)?.let { "${it.kind()}:${it.userValue().decodeToString()}" }

/** Every data block of a table, decoded. */
private fun dataBlocks(image: ByteArray): List<Block> {
    val footer = Footer.decode(image.copyOfRange(image.size - Footer.SIZE, image.size), "t", image.size.toLong() - Footer.SIZE)
    val ih = footer.index()
    val index = Block(image.copyOfRange(ih.offset().toInt(), (ih.offset() + ih.size()).toInt()), ih.size().toInt(), "t", ih.offset())
    val blocks = ArrayList<Block>()
    val it = index.newIterator()
    it.seekToFirst()
    while (it.isValid) {
        val probe = PointProbe.detached()
        probe.decodeHandle(it) shouldBe true
        val off = probe.handleOffset.toInt()
        blocks += Block(image.copyOfRange(off, off + probe.handleSize.toInt()), probe.handleSize.toInt(), "t", probe.handleOffset)
        it.next()
    }
    return blocks
}

class BlockHashIndexSpec : FunSpec({
    val seed = System.getenv("CAIRN_SEED")?.toLong() ?: 20261208L

    test("a table written before hash indexes opens, its blocks carry none, and every get answers as written") {
        val image = BlockHashIndexSpec::class.java.getResourceAsStream(PRE_HASH_TABLE)!!.use { it.readBytes() }
        dataBlocks(image).let { blocks ->
            (blocks.size > 5) shouldBe true
            blocks.none { it.hasHashIndex() } shouldBe true
        }
        val entries = fixtureEntries()
        val fs = FakeFileSystem()
        val path = "/000012.sst".toPath()
        fs.write(path) { write(image) }
        TableReader.open(fs, path, 12, BlockCache(1 shl 20)).use { t ->
            t.newIterator(true).use { it.forwardScan() }.map { it.key.toList() } shouldBe entries.map { it.key.toList() }
            for (i in 0 until 801) {
                val user = "key-%05d".format(i).encodeToByteArray()
                for (snapshot in listOf(InternalKey.MAX_SEQUENCE, 950L, 850L, 700L, 1L)) {
                    withClue("key-%05d at %d".format(i, snapshot)) { answer(t, user, snapshot) shouldBe expected(entries, user, snapshot) }
                }
            }
        }
    }

    test("gets through the hash index answer what gets through the restarts answer, for present, absent and versioned keys") {
        for (round in 0 until 6) {
            val r = Random(seed + round)
            val entries = randomEntries(r, 1500, valueSize = if (round % 2 == 0) 40 else 4)
            val fs = FakeFileSystem()
            val blockSize = listOf(256, 1024, 4096)[round % 3]
            val hashed = "/hashed.sst".toPath()
            val plain = "/plain.sst".toPath()
            writeTable(fs, hashed, entries, options(blockSize = blockSize, restart = 1 + round % 4))
            writeTable(fs, plain, entries, options(blockSize = blockSize, restart = 1 + round % 4).withBlockHashIndex(false))
            dataBlocks(fs.read(hashed) { readByteArray() }).all { it.hasHashIndex() } shouldBe true
            dataBlocks(fs.read(plain) { readByteArray() }).none { it.hasHashIndex() } shouldBe true
            val users = entries.map { InternalKey.userKey(it.key) }.distinctBy { it.toList() }
            TableReader.open(fs, hashed, 1, null).use { h ->
                TableReader.open(fs, plain, 2, null).use { p ->
                    val targets = users + List(1000) { "user/%08d/".format(r.nextInt(40_000)).encodeToByteArray() }
                    for (user in targets) {
                        for (snapshot in listOf(InternalKey.MAX_SEQUENCE, r.nextLong(1, entries.size + 2L), 1L)) {
                            withClue("seed=${seed + round} key=${user.decodeToString()} at $snapshot") {
                                val want = expected(entries, user, snapshot)
                                answer(h, user, snapshot) shouldBe want
                                answer(p, user, snapshot) shouldBe want
                            }
                        }
                    }
                }
            }
        }
    }

    test("a block with more restarts than a bucket can name gets no hash index and still finds its keys") {
        val b = BlockBuilder(1, true)
        val keys = (0 until 300).map { ikey("k%04d".format(it), 5) }
        keys.forEach { b.add(it, stored("v")) }
        val block = b.finish().copyOf(b.length()).let { Block(it, it.size, "t", 0) }
        block.hasHashIndex() shouldBe false
        val it = block.newIterator()
        for (k in keys) {
            it.seekForGet(k, KeyHash.hash64(k, 0, k.size - InternalKey.TRAILER))
            it.key().toList() shouldBe k.toList()
        }
    }

    test("a key whose versions span two restart intervals is found through the restarts (its bucket says collision)") {
        val b = BlockBuilder(2, true)
        val keys = listOf(ikey("a", 9), ikey("b", 9), ikey("b", 8), ikey("b", 7), ikey("c", 9))
        keys.forEach { b.add(it, stored("v")) }
        val block = b.finish().copyOf(b.length()).let { Block(it, it.size, "t", 0) }
        block.hasHashIndex() shouldBe true
        val hb = KeyHash.hash64("b".encodeToByteArray(), 0, 1)
        block.hashedRestart(hb) shouldBe Block.NO_HASH
        val it = block.newIterator()
        it.seekForGet(InternalKey.seekKey("b".encodeToByteArray(), 7), hb)
        it.key().toList() shouldBe ikey("b", 7).toList()
    }

    test("a bucket naming a restart the block lacks, or buckets that do not fit, are corruption naming the file") {
        val b = BlockBuilder(4, true)
        val keys = (0 until 40).map { ikey("k%04d".format(it), 5) }
        keys.forEach { b.add(it, stored("v")) }
        val good = b.finish().copyOf(b.length())
        val restarts = Block(good, good.size, "t", 0).restartCount()
        val buckets = (good[good.size - 6].toInt() and 0xFF) shl 8 or (good[good.size - 5].toInt() and 0xFF)
        val firstBucket = good.size - 6 - buckets
        val bad = good.copyOf().also { a -> for (i in firstBucket until firstBucket + buckets) a[i] = restarts.toByte() }
        val damaged = Block(bad, bad.size, "000007.sst", 4096)
        shouldThrow<CorruptionException> { damaged.newIterator().seekForGet(keys[3], KeyHash.hash64(keys[3], 0, keys[3].size - 8)) }
            .message shouldContain "000007.sst"
        val tooMany = good.copyOf().also { it[it.size - 6] = 0x7F }
        shouldThrow<CorruptionException> { Block(tooMany, tooMany.size, "000007.sst", 4096) }.message shouldContain "hash index"
    }
})

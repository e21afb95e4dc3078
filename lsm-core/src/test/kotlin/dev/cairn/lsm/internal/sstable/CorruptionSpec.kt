// Specifies damage detection: flipped bytes, truncation and forged sizes raise CorruptionException naming the file.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.Compression
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.RangeTombstone
import dev.cairn.lsm.internal.util.Bytes
import dev.cairn.lsm.internal.util.VarInt
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

private val PATH = "/000042.sst".toPath()

private fun FakeFileSystem.bytes(path: Path): ByteArray = read(path) { readByteArray() }
private fun FakeFileSystem.replace(path: Path, bytes: ByteArray) = write(path) { write(bytes) }

private fun footerOf(bytes: ByteArray): Footer =
    Footer.decode(bytes.copyOfRange(bytes.size - Footer.SIZE, bytes.size), "t", bytes.size.toLong() - Footer.SIZE)

/** Opens the table and reads everything in it: scans both ways and gets every key. */
private fun readAll(fs: FakeFileSystem, entries: List<Entry>) {
    TableReader.open(fs, PATH, 42, BlockCache(1 shl 20)).use { t ->
        t.newIterator(true).use { it.forwardScan().keysAsText() shouldBe entries.keysAsText() }
        t.newIterator(false).use { it.backwardScan().size shouldBe entries.size }
        for (e in entries) t.get(InternalKey.userKey(e.key), InternalKey.MAX_SEQUENCE, false)
        t.rangeTombstones()
    }
}

/** Recomputes the trailer checksum of the block at [h] so a forged payload passes the CRC. */
private fun reseal(bytes: ByteArray, h: BlockHandle) {
    val end = (h.offset + h.size).toInt()
    Bytes.putInt(bytes, end + 1, BlockTrailer.crc(bytes.copyOfRange(h.offset.toInt(), end + 1), (h.size + 1).toInt()))
}

class CorruptionSpec : FunSpec({
    val entries = randomEntries(Random(31), 400)
    val tombstones = listOf(RangeTombstone("a".encodeToByteArray(), "c".encodeToByteArray(), 9))

    val small = randomEntries(Random(32), 100, valueSize = 12)

    fun fresh(compression: Compression = Compression.NONE, content: List<Entry> = entries): FakeFileSystem {
        val fs = FakeFileSystem()
        writeTable(fs, PATH, content, options(compression, blockSize = 512), tombstones)
        return fs
    }

    test("a flipped byte in a data block is reported on read, naming the file and the block offset") {
        val fs = fresh()
        val bytes = fs.bytes(PATH)
        bytes[100] = (bytes[100].toInt() xor 0x40).toByte()
        fs.replace(PATH, bytes)
        TableReader.open(fs, PATH, 42, null).use { t ->
            val e = shouldThrow<CorruptionException> { t.newIterator(true).use { it.seekToFirst() } }
            e.message shouldContain "/000042.sst"
            e.message shouldContain "at offset 0"
            shouldThrow<CorruptionException> { t.get(InternalKey.userKey(entries[0].key), 1L shl 50, true) }
        }
        fs.checkNoOpenFiles()
    }

    test("a flipped byte in the footer or the index refuses the open, naming the file") {
        val original = fresh().bytes(PATH)
        val footer = footerOf(original)
        for (pos in listOf(original.size - 1, original.size - 20, original.size - Footer.SIZE + 3,
                footer.index.offset.toInt() + 5, footer.properties.offset.toInt() + 1,
                footer.filter.offset.toInt() + 7, footer.rangeTombstones.offset.toInt())) {
            withClue("flipped byte at $pos") {
                val fs = FakeFileSystem()
                val bytes = original.copyOf()
                bytes[pos] = (bytes[pos].toInt() xor 0x01).toByte()
                fs.replace(PATH, bytes)
                val e = shouldThrow<CorruptionException> { TableReader.open(fs, PATH, 42, null) }
                e.message shouldContain "/000042.sst"
                e.message shouldContain "offset"
                fs.checkNoOpenFiles()
            }
        }
    }

    for (compression in Compression.values()) {
        test("every single flipped byte anywhere in a table is detected ($compression)") {
            val original = fresh(compression, small).bytes(PATH)
            for (pos in original.indices) {
                withClue("flipped byte at $pos of ${original.size}") {
                    val fs = FakeFileSystem()
                    val bytes = original.copyOf()
                    bytes[pos] = (bytes[pos].toInt() xor (1 shl (pos % 8))).toByte()
                    fs.replace(PATH, bytes)
                    shouldThrow<CorruptionException> { readAll(fs, small) }.message shouldContain "/000042.sst"
                    fs.checkNoOpenFiles()
                }
            }
        }
    }

    test("a table truncated at any length is refused at open") {
        val original = fresh().bytes(PATH)
        val random = Random(5)
        val cuts = (0 until 200).map { random.nextInt(original.size) } + listOf(0, 1, Footer.SIZE - 1, original.size - 1)
        for (cut in cuts) {
            withClue("truncated to $cut bytes") {
                val fs = FakeFileSystem()
                fs.replace(PATH, original.copyOf(cut))
                shouldThrow<CorruptionException> { TableReader.open(fs, PATH, 42, null) }.message shouldContain "/000042.sst"
                fs.checkNoOpenFiles()
            }
        }
    }

    test("forged sizes with valid checksums are refused before anything is allocated") {
        val original = fresh(Compression.LZ4).bytes(PATH)
        val footerOffset = original.size - Footer.SIZE
        // footer claims a 2 GiB index block: its CRC recomputed so only the bounds check can catch it
        run {
            val bytes = original.copyOf()
            Bytes.putLong(bytes, footerOffset + 8, Int.MAX_VALUE.toLong() - 100)
            Bytes.putInt(bytes, footerOffset + 68, BlockTrailer.crc(bytes.copyOfRange(footerOffset, footerOffset + 68), 68))
            val fs = FakeFileSystem()
            fs.replace(PATH, bytes)
            shouldThrow<CorruptionException> { TableReader.open(fs, PATH, 42, null) }.message shouldContain "outside the file"
        }
        // an LZ4 data block claims a 1 GiB uncompressed length
        run {
            val compressible = (0 until 200).map { Entry(ikey("key%05d".format(it), 1), stored("v".repeat(100))) }
            val fs = FakeFileSystem()
            writeTable(fs, PATH, compressible, options(Compression.LZ4, blockSize = 2048))
            val bytes = fs.bytes(PATH)
            val firstBlock = fs.openReadOnly(PATH).use { handle ->
                TableFile(handle, "x").use { f ->
                    val index = f.readIndexBlock(footerOf(bytes).index).newIterator()
                    index.seekToFirst()
                    val pos = intArrayOf(index.valueOffset())
                    val limit = index.valueOffset() + index.valueLength()
                    BlockHandle(VarInt.readUnsigned(index.valueArray(), pos, limit),
                        VarInt.readUnsigned(index.valueArray(), pos, limit))
                }
            }
            firstBlock.offset shouldBe 0
            bytes[firstBlock.size.toInt()] shouldBe BlockTrailer.TYPE_LZ4
            VarInt.writeUnsigned(bytes, 0, 1L shl 30) // overwrites the start of the payload; CRC resealed
            reseal(bytes, firstBlock)
            fs.replace(PATH, bytes)
            TableReader.open(fs, PATH, 42, null).use { t ->
                val e = shouldThrow<CorruptionException> { t.newIterator(true).use { it.seekToFirst() } }
                e.message shouldContain "/000042.sst"
                e.message shouldContain "implausible uncompressed length"
                e.message shouldContain "offset 0"
            }
            fs.checkNoOpenFiles()
        }
    }

    test("a file that is not a table is refused with a clear message") {
        val fs = FakeFileSystem()
        fs.replace(PATH, ByteArray(4096) { 7 })
        shouldThrow<CorruptionException> { TableReader.open(fs, PATH, 42, null) }.message shouldContain "magic"
        fs.checkNoOpenFiles()
    }
})

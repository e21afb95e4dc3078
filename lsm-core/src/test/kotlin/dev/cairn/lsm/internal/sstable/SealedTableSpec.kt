// Specifies encrypted tables (docs/format.md, "Encrypted tables"): they read back like plain ones,
// hold no key or value in plaintext, and refuse a block moved inside the table or copied from
// another table (its checksum intact), a table renamed to another number, a footer turned back to
// the plain version, a missing key and a wrong key, each with its own exception.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.Compression
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.internal.crypto.EncryptionHeader
import dev.cairn.lsm.internal.crypto.FileKind
import dev.cairn.lsm.internal.crypto.StoreCipher
import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.RangeTombstone
import dev.cairn.lsm.internal.util.Bytes
import dev.cairn.lsm.internal.util.VarInt
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldNotBeInstanceOf
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

private val CIPHER = StoreCipher.of(Encryption.aesGcm(ByteArray(16) { it.toByte() }), "/db")
private val OTHER = StoreCipher.of(Encryption.aesGcm(ByteArray(16) { (it + 1).toByte() }), "/db")

private fun sealedOptions(compression: Compression = Compression.NONE, blockSize: Int = 512) =
    TableOptions(blockSize, 16, 10, compression, CIPHER)

private fun writeSealed(fs: FileSystem, path: Path, number: Long, entries: List<Entry>, options: TableOptions = sealedOptions(),
                        tombstones: List<RangeTombstone> = emptyList()): TableProperties =
    fs.openReadWrite(path, mustCreate = true, mustExist = false).use { handle ->
        TableBuilder(handle, options, 42L, path.name, number).use { b ->
            entries.forEach { b.add(it.key, it.value) }
            tombstones.forEach { b.addRangeTombstone(it) }
            b.finish()
        }
    }

private fun FakeFileSystem.bytes(path: Path): ByteArray = read(path) { readByteArray() }
private fun FakeFileSystem.replace(path: Path, bytes: ByteArray) = write(path) { write(bytes) }

/** The data block handles of a sealed table, read through its index. */
private fun dataBlocks(fs: FakeFileSystem, path: Path, number: Long): List<BlockHandle> {
    val bytes = fs.bytes(path)
    val footer = Footer.decode(bytes.copyOfRange(bytes.size - Footer.SIZE, bytes.size), "t", bytes.size.toLong() - Footer.SIZE)
    footer.sealed() shouldBe true
    val out = ArrayList<BlockHandle>()
    fs.openReadOnly(path).use { h ->
        val file = TableFile(h, path.name).openedFor(footer, bytes.size.toLong() - Footer.SIZE, CIPHER, number)
        val index = file.readIndexBlock(footer.index()).newIterator()
        index.seekToFirst()
        while (index.isValid) {
            val pos = intArrayOf(index.valueOffset())
            val limit = index.valueOffset() + index.valueLength()
            out += BlockHandle(VarInt.readUnsigned(index.valueArray(), pos, limit), VarInt.readUnsigned(index.valueArray(), pos, limit))
            index.next()
        }
    }
    return out
}

private fun readEverything(fs: FakeFileSystem, path: Path, number: Long, cipher: StoreCipher? = CIPHER) {
    TableReader.open(fs, path, number, null, cipher).use { t ->
        t.newIterator(false).use { it.forwardScan() }
    }
}

class SealedTableSpec : FunSpec({
    val entries = randomEntries(Random(41), 600)
    val tombstones = listOf(RangeTombstone("user/0001".encodeToByteArray(), "user/0002".encodeToByteArray(), 7))

    test("an encrypted table reads back like a plain one, with and without LZ4, and holds none of its keys in plaintext") {
        for (compression in Compression.values()) {
            val fs = FakeFileSystem()
            val path = "/000009.sst".toPath()
            val props = writeSealed(fs, path, 9, entries, sealedOptions(compression), tombstones)
            TableReader.open(fs, path, 9, BlockCache(1 shl 20), CIPHER).use { t ->
                t.newIterator(true).use { it.forwardScan().keysAsText() shouldBe entries.keysAsText() }
                t.newIterator(false).use { it.backwardScan().size shouldBe entries.size }
                for (e in entries.take(100)) {
                    val user = InternalKey.userKey(e.key)
                    t.get(user, InternalKey.MAX_SEQUENCE, true)?.let { InternalKey.userKey(it.internalKey()).toList() } shouldBe
                        entries.modelGet(user, InternalKey.MAX_SEQUENCE)?.let { InternalKey.userKey(it.key).toList() }
                }
                t.rangeTombstones() shouldBe tombstones
                t.properties().smallestKey()!!.toList() shouldBe entries.first().key.toList()
                t.properties().largestKey()!!.toList() shouldBe entries.last().key.toList()
                t.properties().fileSize() shouldBe props.fileSize()
            }
            val text = String(fs.bytes(path), Charsets.ISO_8859_1)
            text.contains("user/") shouldBe false
            text.contains("CAIRNENC") shouldBe true
        }
    }

    test("a data block swapped with another of the same size, its checksum intact, fails authentication naming the file and offset") {
        val uniform = (0 until 400).map { Entry(ikey("key%05d".format(it), 1), stored("value-%05d".format(it))) }
        val fs = FakeFileSystem()
        val path = "/000011.sst".toPath()
        writeSealed(fs, path, 11, uniform)
        val blocks = dataBlocks(fs, path, 11)
        val (a, b) = blocks.zipWithNext().first { (x, y) -> x.size() == y.size() }
        val bytes = fs.bytes(path)
        val blockA = bytes.copyOfRange(a.offset().toInt(), a.end().toInt())
        val blockB = bytes.copyOfRange(b.offset().toInt(), b.end().toInt())
        blockA.copyInto(bytes, b.offset().toInt())
        blockB.copyInto(bytes, a.offset().toInt())
        fs.replace(path, bytes)
        val e = shouldThrow<CorruptionException> { readEverything(fs, path, 11) }
        e.message shouldContain "000011.sst: data block at offset ${a.offset()} failed authentication"
    }

    test("a block copied from another table at the same offset fails authentication") {
        val fs = FakeFileSystem()
        val first = (0 until 300).map { Entry(ikey("key%05d".format(it), 1), stored("aaaa-%05d".format(it))) }
        val second = (0 until 300).map { Entry(ikey("key%05d".format(it), 1), stored("bbbb-%05d".format(it))) }
        writeSealed(fs, "/000012.sst".toPath(), 12, first)
        writeSealed(fs, "/000013.sst".toPath(), 13, second)
        val blocks = dataBlocks(fs, "/000012.sst".toPath(), 12)
        blocks shouldBe dataBlocks(fs, "/000013.sst".toPath(), 13)
        val target = fs.bytes("/000012.sst".toPath())
        val source = fs.bytes("/000013.sst".toPath())
        val h = blocks[1]
        source.copyInto(target, h.offset().toInt(), h.offset().toInt(), h.end().toInt())
        fs.replace("/000012.sst".toPath(), target)
        shouldThrow<CorruptionException> { readEverything(fs, "/000012.sst".toPath(), 12) }.message shouldContain
            "data block at offset ${h.offset()} failed authentication"
    }

    test("a table renamed to another number is refused") {
        val fs = FakeFileSystem()
        writeSealed(fs, "/000014.sst".toPath(), 14, entries)
        fs.atomicMove("/000014.sst".toPath(), "/000015.sst".toPath())
        shouldThrow<CorruptionException> { readEverything(fs, "/000015.sst".toPath(), 15) }.message shouldContain
            "encryption header is that of file number 14"
    }

    test("a footer turned back to the plain format version, its checksum resealed, is refused under a cipher") {
        val fs = FakeFileSystem()
        val path = "/000016.sst".toPath()
        writeSealed(fs, path, 16, entries)
        val bytes = fs.bytes(path)
        val footerOffset = bytes.size - Footer.SIZE
        Bytes.putInt(bytes, footerOffset + 64, Footer.FORMAT_VERSION)
        Bytes.putInt(bytes, footerOffset + 68, BlockTrailer.crc(bytes.copyOfRange(footerOffset, footerOffset + 68), 68))
        fs.replace(path, bytes)
        shouldThrow<CorruptionException> { readEverything(fs, path, 16) }.message shouldContain
            "000016.sst: the table is not encrypted, but the store is"
    }

    test("a plain table under a cipher is corrupt; an encrypted one without a cipher or under another key is an LsmException") {
        val fs = FakeFileSystem()
        writeTable(fs, "/000017.sst".toPath(), entries)
        shouldThrow<CorruptionException> { readEverything(fs, "/000017.sst".toPath(), 17) }
        writeSealed(fs, "/000018.sst".toPath(), 18, entries)
        val noKey = shouldThrow<LsmException> { readEverything(fs, "/000018.sst".toPath(), 18, cipher = null) }
        noKey.shouldNotBeInstanceOf<CorruptionException>()
        noKey.message shouldContain "the table is encrypted"
        val wrong = shouldThrow<LsmException> { readEverything(fs, "/000018.sst".toPath(), 18, cipher = OTHER) }
        wrong.shouldNotBeInstanceOf<CorruptionException>()
        wrong.message shouldContain "wrong encryption key for store /db"
        fs.checkNoOpenFiles()
    }

    test("a damaged encryption header is a CorruptionException, told apart from a wrong key by its checksum") {
        val fs = FakeFileSystem()
        val path = "/000019.sst".toPath()
        writeSealed(fs, path, 19, entries)
        for (at in listOf(0, 9, 12, 20, 37, 45, 58)) {
            val bytes = fs.bytes(path)
            bytes[at] = (bytes[at].toInt() xor 0x10).toByte()
            val copy = FakeFileSystem()
            copy.write(path) { write(bytes) }
            shouldThrow<CorruptionException> { readEverything(copy, path, 19) }.message shouldContain "000019.sst"
        }
    }

    test("an encrypted table needs its file number") {
        val fs = FakeFileSystem()
        fs.openReadWrite("/t.sst".toPath()).use { h ->
            shouldThrow<IllegalArgumentException> { TableBuilder(h, sealedOptions(), 1L, "t.sst") }.message shouldContain
                "needs its file number"
        }
    }
})

// Specifies that the block read path survives forged LZ4 blocks (CVE-2025-12183, CVE-2025-66566 in
// lz4-java before the fork's fixes): declared lengths that lie, matches that point before the
// start of the output, overlapping matches, truncated input. Each crafted block is written to a
// table file behind a region of secret bytes, its checksum sealed so only the decoder can object,
// and read through TableFile.readContents: the result is a CorruptionException naming the file
// and offset, or exactly the bytes the block encodes, never a byte of another buffer.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.Compression
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.internal.crypto.FileCipher
import dev.cairn.lsm.internal.util.VarInt
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.io.ByteArrayOutputStream
import kotlin.random.Random

private val TABLE = "/000077.sst".toPath()

/** What other buffers hold: if any of it shows up in a decoded block, the decoder leaked. */
private val SECRET = "SECRET-of-another-buffer/".repeat(12).encodeToByteArray()

/** Writes raw LZ4 sequences (token, literals, little-endian offset, extra length bytes). */
private class Lz4Writer {
    private val out = ByteArrayOutputStream()

    /** A sequence: [literals], then a match of [length] (at least 4) bytes [offset] back. */
    fun sequence(literals: String, offset: Int, length: Int): Lz4Writer {
        val lit = literals.encodeToByteArray()
        val extraMatch = length - 4
        out.write((minOf(lit.size, 15) shl 4) or minOf(extraMatch, 15))
        if (lit.size >= 15) length(lit.size - 15)
        out.write(lit)
        out.write(offset and 0xFF)
        out.write((offset ushr 8) and 0xFF)
        if (extraMatch >= 15) length(extraMatch - 15)
        return this
    }

    /** The final sequence: literals only. */
    fun last(literals: String): ByteArray {
        val lit = literals.encodeToByteArray()
        out.write(minOf(lit.size, 15) shl 4)
        if (lit.size >= 15) length(lit.size - 15)
        out.write(lit)
        return out.toByteArray()
    }

    /** Raw bytes, for tokens that lie. */
    fun raw(vararg bytes: Int): Lz4Writer {
        for (b in bytes) out.write(b)
        return this
    }

    fun bytes(): ByteArray = out.toByteArray()

    private fun length(rest: Int) {
        var r = rest
        while (r >= 255) { out.write(255); r -= 255 }
        out.write(r)
    }
}

/** The stored contents of an LZ4 block: varint [declared] uncompressed length, then [payload]. */
private fun lz4Block(declared: Long, payload: ByteArray): ByteArray {
    val header = ByteArray(VarInt.size(declared))
    VarInt.writeUnsigned(header, 0, declared)
    return header + payload
}

/**
 * Writes [SECRET] then [stored] with a sealed LZ4 trailer into a table file and reads the block
 * back through the table read path.
 *
 * @return the decoded bytes
 */
private fun readCrafted(stored: ByteArray): ByteArray {
    val fs = FakeFileSystem()
    val trailer = ByteArray(BlockTrailer.SIZE)
    val sealed = stored + trailer
    sealed[stored.size] = BlockTrailer.TYPE_LZ4
    dev.cairn.lsm.internal.util.Bytes.putInt(sealed, stored.size + 1, BlockTrailer.crc(sealed, stored.size + 1))
    fs.write(TABLE) { write(SECRET); write(sealed) }
    try {
        return fs.openReadOnly(TABLE).use { handle ->
            TableFile(handle, TABLE.toString()).use { file ->
                val c = file.readContents(BlockHandle(SECRET.size.toLong(), stored.size.toLong()), FileCipher.DATA_BLOCK)
                c.data().copyOf(c.length())
            }
        }
    } finally {
        fs.checkNoOpenFiles()
    }
}

/** Asserts [stored] is refused as corrupt, naming the file and the block's offset. */
private fun refused(stored: ByteArray, why: String): CorruptionException = withClue(why) {
    val e = shouldThrow<CorruptionException> { readCrafted(stored) }
    e.message shouldContain TABLE.toString()
    e.message shouldContain "offset ${SECRET.size}"
    e
}

private fun ByteArray.holdsSecret(): Boolean {
    val needle = SECRET.copyOf(8)
    outer@ for (i in 0..size - needle.size) {
        for (j in needle.indices) if (this[i + j] != needle[j]) continue@outer
        return true
    }
    return false
}

class Lz4CraftedBlockSpec : FunSpec({

    // Another buffer holding the secret, decoded through the same path first.
    beforeSpec {
        val compressed = BlockTrailer.encode(SECRET, SECRET.size, Compression.LZ4)
        compressed[compressed.size - BlockTrailer.SIZE] shouldBe BlockTrailer.TYPE_LZ4
        readCrafted(compressed.copyOf(compressed.size - BlockTrailer.SIZE)) shouldBe SECRET
    }

    test("an overlapping match (offset 1, a run) decodes to exactly the bytes it encodes") {
        val payload = Lz4Writer().sequence("abcd", offset = 1, length = 20).last("12345678")
        readCrafted(lz4Block(32, payload)).decodeToString() shouldBe "abcd" + "d".repeat(20) + "12345678"
    }

    test("an overlapping match longer than its offset repeats the pattern and nothing else") {
        val payload = Lz4Writer().sequence("xyz", offset = 3, length = 40).last("tail-bytes")
        val expected = "xyz" + "xyz".repeat(14).take(40) + "tail-bytes"
        readCrafted(lz4Block(expected.length.toLong(), payload)).decodeToString() shouldBe expected
    }

    test("a match that points before the start of the block is refused, not read from another buffer") {
        for (offset in listOf(5, 6, 64, SECRET.size + 4, 0xFFFF)) {
            val payload = Lz4Writer().sequence("abcd", offset = offset, length = 8).last("12345678")
            refused(lz4Block(20, payload), "match offset $offset with 4 bytes written").message shouldContain "undecodable LZ4"
        }
    }

    test("a match with offset 0 writes zeros, never what the output buffer held before") {
        // The LZ4 format calls offset 0 invalid; lz4-java's fix for CVE-2025-66566 writes zeros
        // for it instead of the destination's earlier bytes. Cairn's output array is fresh anyway.
        val payload = Lz4Writer().sequence("abcd", offset = 0, length = 8).last("12345678")
        readCrafted(lz4Block(20, payload)) shouldBe "abcd".encodeToByteArray() + ByteArray(8) + "12345678".encodeToByteArray()
        val codec = Lz4Library.codec("this spec")
        val dest = SECRET.copyOf(40)
        codec.decompress(payload, 0, payload.size, dest, 8, 20) shouldBe 20
        dest.copyOfRange(8, 28) shouldBe "abcd".encodeToByteArray() + ByteArray(8) + "12345678".encodeToByteArray()
    }

    test("a declared length that lies is refused, whichever way it lies") {
        val payload = Lz4Writer().sequence("abcd", offset = 1, length = 20).last("12345678") // 32 bytes
        for (declared in listOf(31L, 33L, 64L, 1L, 0L)) {
            refused(lz4Block(declared, payload), "declared $declared for a 32-byte block")
        }
        refused(lz4Block(1L shl 40, payload), "declared 2^40").message shouldContain "implausible uncompressed length"
        refused(lz4Block(-1L, payload), "a 10-byte varint").message shouldContain "implausible uncompressed length"
    }

    test("a literal run or a match that runs past the input or the output is refused") {
        // token claims 15 + 200 literals; 10 follow
        refused(lz4Block(215, Lz4Writer().raw(0xF0, 200).raw(*IntArray(10) { 'a'.code }).bytes()), "literals past the input")
        // a match of 4 + 15 + 255 * 4 bytes in a block declared 64
        val long = Lz4Writer().raw(0x4F).raw(*"abcd".map { it.code }.toIntArray()).raw(1, 0, 255, 255, 255, 255, 0)
        refused(lz4Block(64, long.last("12345678")), "match past the declared output")
        // a length byte run that never ends
        refused(lz4Block(64, Lz4Writer().raw(0xF0).raw(*IntArray(40) { 255 }).bytes()), "endless literal length")
        refused(lz4Block(10, ByteArray(0)), "no payload at all")
    }

    test("a real block cut at any length is refused") {
        val text = (0 until 300).joinToString(",") { "entry-${it % 37}" }.encodeToByteArray()
        val encoded = BlockTrailer.encode(text, text.size, Compression.LZ4)
        encoded[encoded.size - BlockTrailer.SIZE] shouldBe BlockTrailer.TYPE_LZ4
        val stored = encoded.copyOf(encoded.size - BlockTrailer.SIZE)
        readCrafted(stored) shouldBe text
        for (cut in 1 until stored.size) refused(stored.copyOf(cut), "cut at $cut of ${stored.size}")
    }

    test("random damage to a real block gives a CorruptionException or bytes of that block only") {
        val seed = 27_001L
        val random = Random(seed)
        val text = (0 until 400).joinToString(" ") { "word${random.nextInt(60)}" }.encodeToByteArray()
        val encoded = BlockTrailer.encode(text, text.size, Compression.LZ4)
        val stored = encoded.copyOf(encoded.size - BlockTrailer.SIZE)
        var refusedCount = 0
        var decoded = 0
        repeat(2_000) { trial ->
            val damaged = stored.copyOf()
            repeat(1 + random.nextInt(4)) {
                val at = random.nextInt(damaged.size)
                damaged[at] = random.nextInt(256).toByte()
            }
            val out = try {
                readCrafted(damaged)
            } catch (e: CorruptionException) {
                refusedCount++
                null
            } catch (e: Throwable) {
                throw AssertionError("seed $seed trial $trial: ${e.javaClass.name} escaped, not a CorruptionException", e)
            }
            if (out != null) {
                decoded++
                withClue("seed $seed trial $trial") { out.holdsSecret() shouldBe false }
            }
        }
        println("[figures] damaged LZ4 blocks: $refusedCount refused, $decoded decoded without foreign bytes")
    }

    test("the codec never reads or writes its destination outside the room it was given") {
        // A buffer whose first bytes belong to someone else; the block decodes after them.
        val codec = Lz4Library.codec("this spec")
        for (offset in listOf(5, 8, 16)) {
            val dest = SECRET.copyOf(16) + ByteArray(20)
            val payload = Lz4Writer().sequence("abcd", offset = offset, length = 8).last("12345678")
            shouldThrow<Lz4Codec.MalformedInputException> { codec.decompress(payload, 0, payload.size, dest, 16, 20) }
            dest.copyOf(16) shouldBe SECRET.copyOf(16)
            dest.copyOfRange(16, 36).holdsSecret() shouldBe false
        }
        val tooLong = Lz4Writer().sequence("abcd", offset = 1, length = 20).last("12345678")
        val dest = ByteArray(40) { 7 }
        shouldThrow<Lz4Codec.MalformedInputException> { codec.decompress(tooLong, 0, tooLong.size, dest, 4, 31) }
        (dest.copyOf(4).all { it == 7.toByte() } && dest.copyOfRange(35, 40).all { it == 7.toByte() }) shouldBe true
    }
})

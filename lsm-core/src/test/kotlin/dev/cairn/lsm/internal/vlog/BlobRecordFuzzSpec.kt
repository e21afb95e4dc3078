// Fuzzing of the value log's decoders with seeded random inputs: random bytes as a blob file,
// random pointers into it, random bytes as a pointer, and valid files with random bytes flipped.
// Every read returns the value written or throws CorruptionException naming the file: never a
// wrong value, never another exception. Deterministic: the seed is in every failure.
package dev.cairn.lsm.internal.vlog

import dev.cairn.lsm.CorruptionException
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.random.Random
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private val DIR = "/d".toPath()

/** Writes a valid blob file of [n] records; returns its bytes and each record's (key, value, pointer). */
internal fun validBlobFile(rnd: Random, n: Int): Pair<ByteArray, List<Triple<ByteArray, ByteArray, BlobPointer>>> {
    val fs = FakeFileSystem()
    fs.createDirectories(DIR)
    val w = BlobWriter(fs, DIR, 1, null)
    val records = (0 until n).map {
        val k = "key-$it".toByteArray()
        val v = ByteArray(rnd.nextInt(1, 300)) { rnd.nextInt().toByte() }
        Triple(k, v, w.add(k, v, 0, v.size))
    }
    w.finish()
    return fs.read(DIR.resolve("000001.blob")) { readByteArray() } to records
}

private fun open(bytes: ByteArray): Pair<FakeFileSystem, BlobReader> {
    val fs = FakeFileSystem()
    fs.createDirectories(DIR)
    fs.write(DIR.resolve("000001.blob")) { write(bytes) }
    return fs to BlobReader.open(fs, DIR, 1, null, null)
}

/** Runs [block]; a CorruptionException naming the blob file is an accepted outcome (returns null). */
private fun <T> corruptOr(block: () -> T): T? = try {
    block()
} catch (e: CorruptionException) {
    e.message!! shouldContain "blob"
    null
}

class BlobRecordFuzzSpec : FunSpec({
    test("random bytes as a blob file and random pointers into it read as values or CorruptionException") {
        repeat(300) { seed ->
            withClue("seed $seed") {
                val rnd = Random(seed)
                val bytes = rnd.nextBytes(rnd.nextInt(0, 200))
                if (rnd.nextBoolean() && bytes.size >= 16) BlobFormat.header(false).copyInto(bytes) // reach the records
                val opened = corruptOr { open(bytes) } ?: return@withClue
                opened.second.use { r ->
                    repeat(20) {
                        val p = BlobPointer(1, rnd.nextLong(-5, 220), rnd.nextInt(5, 200))
                        corruptOr { r.read(p, if (rnd.nextBoolean()) null else "k".toByteArray()) }
                    }
                }
            }
        }
    }

    test("random bytes as a stored pointer decode or throw CorruptionException") {
        repeat(2000) { seed ->
            withClue("seed $seed") {
                val rnd = Random(seed)
                val b = rnd.nextBytes(rnd.nextInt(0, 40))
                val p = try {
                    BlobPointer.decode(b, 0, b.size)
                } catch (e: CorruptionException) {
                    e.message!! shouldContain "blob pointer"
                    null
                }
                if (p != null) {
                    (p.size() > BlobFormat.CRC_SIZE && p.offset() >= 0 && p.file() >= 0) shouldBe true
                    val again = p.encode(BlobPointer.writeTime(b, 0, b.size))
                    BlobPointer.decode(again, 0, again.size) shouldBe p
                }
            }
        }
    }

    test("a valid blob file with bytes flipped reads every record as its own value or CorruptionException") {
        var detected = 0
        repeat(300) { seed ->
            withClue("seed $seed") {
                val rnd = Random(seed)
                val (bytes, records) = validBlobFile(rnd, rnd.nextInt(1, 8))
                val damaged = bytes.copyOf()
                repeat(rnd.nextInt(1, 4)) {
                    val at = rnd.nextInt(damaged.size)
                    damaged[at] = (damaged[at].toInt() xor (1 shl rnd.nextInt(8))).toByte()
                }
                val opened = corruptOr { open(damaged) }
                if (opened == null) {
                    detected++
                    return@withClue
                }
                opened.second.use { r ->
                    for ((k, v, p) in records) {
                        val read = corruptOr { r.read(p, k) }
                        if (read == null) detected++ else read.toList() shouldBe v.toList()
                    }
                }
            }
        }
        (detected > 100) shouldBe true
    }

    test("a record read under another key is refused") {
        val (bytes, records) = validBlobFile(Random(7), 3)
        open(bytes).second.use { r ->
            val (_, _, p) = records[1]
            corruptOr { r.read(p, "key-0".toByteArray()) } shouldBe null
            r.read(p, "key-1".toByteArray()).toList() shouldBe records[1].second.toList()
        }
    }
})

// Specification of the version edit codec: every field round-trips, and truncated, forged or
// unknown input is a CorruptionException naming the file and offset.
package dev.cairn.lsm.internal.manifest

import dev.cairn.lsm.CorruptionException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll
import kotlin.random.Random

/** A random but valid edit drawn from [random]. */
internal fun randomEdit(random: Random): VersionEdit {
    val edit = VersionEdit()
    if (random.nextBoolean()) edit.setLogNumber(random.nextLong(0, Long.MAX_VALUE))
    if (random.nextBoolean()) edit.setNextFileNumber(random.nextLong(0, 1_000_000))
    if (random.nextBoolean()) edit.setLastSequence(random.nextLong(0, 1L shl 56))
    if (random.nextInt(4) == 0) edit.setStrategy(listOf("leveled", "sizeTiered", "timeWindow:PT1H", "é✓")[random.nextInt(4)])
    if (random.nextInt(4) == 0) {
        var time = random.nextLong(0, 1L shl 45)
        var seq = random.nextLong(0, 1L shl 40)
        edit.setCommitTimes(LongArray(2 * random.nextInt(5)).also { pairs ->
            for (i in pairs.indices step 2) {
                time += random.nextLong(0, 1000); seq += random.nextLong(1, 1000)
                pairs[i] = time; pairs[i + 1] = seq
            }
        })
    }
    repeat(random.nextInt(4)) { edit.deleteFile(random.nextInt(VersionEdit.MAX_LEVELS), random.nextLong(0, 1_000_000)) }
    repeat(random.nextInt(4)) {
        edit.addFile(random.nextInt(7), FileMetadata(
            random.nextLong(0, 1_000_000), random.nextLong(0, 1L shl 40),
            random.nextBytes(random.nextInt(0, 40)), random.nextBytes(random.nextInt(0, 40)),
            random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong(),
            random.nextLong(0, 1L shl 32), random.nextLong(0, 1000), random.nextLong(0, 1000), random.nextLong(),
            randomBlobRefs(random)))
    }
    return edit
}

/** Table blob references (tag 15) drawn from [random]: often not counted, sometimes none, sometimes a few files. */
internal fun randomBlobRefs(random: Random): BlobRefs = when (random.nextInt(3)) {
    0 -> BlobRefs.UNKNOWN
    else -> BlobRefs.of((0 until random.nextInt(4)).associate {
        random.nextLong(0, 1_000_000) to longArrayOf(random.nextLong(1, 1000), random.nextLong(0, 1L shl 30))
    })
}

internal fun fullEdit(): VersionEdit = VersionEdit()
    .setLogNumber(7).setNextFileNumber(12).setLastSequence(1234).setStrategy("leveled")
    .deleteFile(0, 3)
    .addFile(1, FileMetadata(8, 4096, byteArrayOf(1, 2, 3), byteArrayOf(9, 9), 10, 20, 1000, 2000, 50, 3, 1, 999))
    .setCommitTimes(longArrayOf(1_700_000_000_000, 1230, 1_700_000_000_000, 1232, 1_700_000_000_007, 1234))

class VersionEditSpec : FunSpec({

    test("every field of an edit round-trips through encode and decode") {
        checkAll(300, PropTestConfig(seed = 4242L), Arb.long()) { seed ->
            val edit = randomEdit(Random(seed))
            val decoded = VersionEdit.decode(edit.encode(), "MANIFEST-000001")
            decoded shouldBe edit
            decoded.logNumber() shouldBe edit.logNumber()
            decoded.addedFiles().map { it.file().smallest().toList() } shouldBe
                edit.addedFiles().map { it.file().smallest().toList() }
        }
    }

    test("a table's blob references (tag 15) round-trip; a table written without them reads as not counted") {
        val refs = BlobRefs.of(mapOf(9L to longArrayOf(3, 300), 4L to longArrayOf(1, 17)))
        val table = FileMetadata(8, 4096, byteArrayOf(1), byteArrayOf(2), 1, 2, 3, 4, 5, 0, 0, 6)
        val edit = VersionEdit().addFile(0, table.withBlobRefs(refs)).addFile(1, table.withBlobRefs(BlobRefs.NONE))
        val decoded = VersionEdit.decode(edit.encode(), "MANIFEST-000001")
        decoded.addedFiles()[0].file().blobRefs() shouldBe refs
        decoded.addedFiles()[0].file().blobRefs().asGarbage().map { it.number() } shouldBe listOf(4L, 9L)
        decoded.addedFiles()[1].file().blobRefs() shouldBe BlobRefs.NONE
        VersionEdit.decode(VersionEdit().addFile(0, table).encode(), "M").addedFiles()[0].file().blobRefs() shouldBe
            BlobRefs.UNKNOWN
        // Tag 15 for table 8 in an edit that adds no table 8.
        val stray = byteArrayOf(15, 8, 1, 9, 3, 100)
        shouldThrow<CorruptionException> { VersionEdit.decode(stray, "M") }.message shouldContain "does not add"
        val twice = VersionEdit().addFile(0, table).encode() + byteArrayOf(15, 8, 2, 9, 3, 100, 9, 1, 1)
        shouldThrow<CorruptionException> { VersionEdit.decode(twice, "M") }.message shouldContain "twice"
    }

    test("an empty edit encodes to no bytes and decodes back") {
        VersionEdit().encode().size shouldBe 0
        VersionEdit.decode(ByteArray(0), "MANIFEST-000001") shouldBe VersionEdit()
    }

    test("an edit cut inside a field is a CorruptionException naming the file and offset") {
        val bytes = fullEdit().encode()
        // Cuts that land between two fields decode to a shorter edit; every other cut must fail.
        var refused = 0
        for (cut in 0 until bytes.size) {
            val prefix = bytes.copyOf(cut)
            try {
                VersionEdit.decode(prefix, "MANIFEST-000005") shouldNotBe fullEdit()
            } catch (e: CorruptionException) {
                refused++
                withClue("cut at $cut") {
                    e.message shouldContain "MANIFEST-000005"
                    e.message shouldContain "offset"
                }
            }
        }
        // Only 7 cuts fall on field boundaries (one per tag).
        refused shouldBe bytes.size - 7
    }

    test("an unknown tag is refused with its offset") {
        val bytes = VersionEdit().setLogNumber(5).encode() + byteArrayOf(99, 1)
        val e = shouldThrow<CorruptionException> { VersionEdit.decode(bytes, "MANIFEST-000005") }
        e.message shouldContain "MANIFEST-000005"
        e.message shouldContain "unknown tag 99 at offset 2"
    }

    test("a forged key length or level is refused without a large allocation") {
        val forgedKey = byteArrayOf(6, 1, 8, 0) + byteArrayOf(0xFF.toByte(), 0xFF.toByte(), 0xFF.toByte(), 0x7F)
        shouldThrow<CorruptionException> { VersionEdit.decode(forgedKey, "M") }.message shouldContain "overruns"
        val forgedLevel = byteArrayOf(5, 0x80.toByte(), 0x80.toByte(), 0x80.toByte(), 0x08, 1)
        shouldThrow<CorruptionException> { VersionEdit.decode(forgedLevel, "M") }.message shouldContain "level"
        val badUtf8 = byteArrayOf(4, 2, 0xC3.toByte(), 0x28)
        shouldThrow<CorruptionException> { VersionEdit.decode(badUtf8, "M") }.message shouldContain "UTF-8"
    }

    test("random bytes decode to an edit or a CorruptionException, nothing else") {
        val random = Random(99)
        repeat(2000) {
            val bytes = random.nextBytes(random.nextInt(0, 60))
            try {
                VersionEdit.decode(bytes, "M")
            } catch (expected: CorruptionException) {
                expected.message shouldContain "M: "
            }
        }
    }
})

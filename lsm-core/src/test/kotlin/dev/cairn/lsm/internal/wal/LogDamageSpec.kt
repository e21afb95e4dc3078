// Specification of how LogReader treats damage under each WalRecoveryMode: torn tails,
// corruption in the middle, zero-filled regions and forged lengths.
package dev.cairn.lsm.internal.wal

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.WalRecoveryMode
import dev.cairn.lsm.WalRecoveryMode.ABSOLUTE_CONSISTENCY
import dev.cairn.lsm.WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS
import dev.cairn.lsm.WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

private const val B = LogFormat.BLOCK_SIZE

class LogDamageSpec : FunSpec({

    test("a torn tail at every byte offset of the last record is tolerated by default and refused in ABSOLUTE mode") {
        val fs = FakeFileSystem().newLog()
        // The last record starts at 32_000 and crosses the first block edge.
        val records = listOf(record(10_000, 1), record(21_986, 2), record(1_200, 3))
        val starts = fs.writeLog(LOG, records)
        starts[2] shouldBe 32_000L
        val image = fs.read(LOG) { readByteArray() }
        fs.checkNoOpenFiles()
        for (cut in image.size - 1 downTo starts[2].toInt() + 1) {
            withClue("log cut at $cut") {
                val tolerated = readImage(image, cut, TOLERATE_CORRUPTED_TAIL_RECORDS)
                assertRecords(tolerated.records, records.take(2))
                tolerated.lastValidOffset shouldBe starts[2]
                val e = shouldThrow<CorruptionException> { readImage(image, cut, ABSOLUTE_CONSISTENCY) }
                e.message shouldContain "000007.wal"
                e.message shouldContain "offset ${starts[2]}"
                val skipped = readImage(image, cut, SKIP_ANY_CORRUPTED_RECORDS)
                assertRecords(skipped.records, records.take(2))
                skipped.reports.shouldNotBeEmpty()
            }
        }
        // The same through a real cut of the file on the fake file system.
        fs.truncate(LOG, starts[2] + 900)
        assertRecords(fs.readLog(LOG, TOLERATE_CORRUPTED_TAIL_RECORDS).records, records.take(2))
        shouldThrow<CorruptionException> { fs.readLog(LOG, ABSOLUTE_CONSISTENCY) }
        fs.checkNoOpenFiles()
    }

    test("a garbled tail record is tolerated by default and refused in ABSOLUTE mode") {
        val random = Random(77)
        repeat(50) { round ->
            val fs = FakeFileSystem().newLog()
            val records = listOf(record(5_000, 1), record(40_000, 2), record(1 + random.nextInt(20_000), 3))
            val starts = fs.writeLog(LOG, records)
            val end = fs.metadata(LOG).size!!
            val at = starts[2] + random.nextLong(end - starts[2])
            fs.patch(LOG, at, random.nextBytes(1 + random.nextInt(8)).also { it[0] = (it[0] + 1).toByte() })
            withClue("round $round, garbage at $at") {
                assertRecords(fs.readLog(LOG, TOLERATE_CORRUPTED_TAIL_RECORDS).records, records.take(2))
                shouldThrow<CorruptionException> { fs.readLog(LOG, ABSOLUTE_CONSISTENCY) }
            }
            fs.checkNoOpenFiles()
        }
    }

    test("corruption in the middle is refused by default and skipped with a report in SKIP mode") {
        val fs = FakeFileSystem().newLog()
        // Three records fill a block (with 2 bytes of padding); record 3 opens the second block.
        val records = (0 until 9).map { record(10_915, it.toLong()) }
        val starts = fs.writeLog(LOG, records)
        starts[3] shouldBe B.toLong()
        fs.patch(LOG, starts[3] + 100, byteArrayOf(0x55))

        val e = shouldThrow<CorruptionException> { fs.readLog(LOG, TOLERATE_CORRUPTED_TAIL_RECORDS) }
        e.message shouldContain "000007.wal"
        e.message shouldContain "offset ${starts[3]}"
        shouldThrow<CorruptionException> { fs.readLog(LOG, ABSOLUTE_CONSISTENCY) }

        val skipped = fs.readLog(LOG, SKIP_ANY_CORRUPTED_RECORDS)
        // The rest of the damaged block cannot be trusted and is dropped with it.
        assertRecords(skipped.records, (records.take(3) + records.drop(6)))
        val report = skipped.reports.single()
        report.offset shouldBe starts[3]
        report.bytes shouldBe B.toLong()
        report.reason shouldContain "checksum"
        skipped.lastValidOffset shouldBe fs.metadata(LOG).size
        fs.checkNoOpenFiles()
    }

    test("a damaged fragment in the middle of a long record is refused and skipped as a whole record") {
        val fs = FakeFileSystem().newLog()
        val records = listOf(record(100, 1), record(3 * B, 2), record(100, 3), record(B, 4), record(50, 5))
        val starts = fs.writeLog(LOG, records)
        fs.patch(LOG, 2L * B + 20, byteArrayOf(1, 2, 3))
        val e = shouldThrow<CorruptionException> { fs.readLog(LOG, TOLERATE_CORRUPTED_TAIL_RECORDS) }
        e.message shouldContain "offset ${starts[1]}"
        val skipped = fs.readLog(LOG, SKIP_ANY_CORRUPTED_RECORDS)
        assertRecords(skipped.records, listOf(records[0], records[2], records[3], records[4]))
        skipped.reports.map { it.offset } shouldBe listOf(starts[1], 3L * B)
        fs.checkNoOpenFiles()
    }

    test("a zero-filled tail is the end of the data in every mode") {
        for (zeros in listOf(3, 7, 1000, B, 3 * B + 5)) {
            val fs = FakeFileSystem().newLog()
            val records = listOf(record(100, 1), record(B + 10, 2))
            fs.writeLog(LOG, records)
            val end = fs.metadata(LOG).size!!
            fs.patch(LOG, end, ByteArray(zeros))
            for (mode in WalRecoveryMode.values()) {
                withClue("$zeros zero bytes, $mode") {
                    val result = fs.readLog(LOG, mode)
                    assertRecords(result.records, records)
                    result.reports.shouldBeEmpty()
                    result.lastValidOffset shouldBe end
                }
            }
            fs.checkNoOpenFiles()
        }
    }

    test("a zero-filled region followed by intact records is damage, not the end") {
        val fs = FakeFileSystem().newLog()
        val records = (0 until 6).map { record(10_000, it.toLong()) }
        val starts = fs.writeLog(LOG, records)
        fs.patch(LOG, starts[1], ByteArray(10_007))
        val e = shouldThrow<CorruptionException> { fs.readLog(LOG, TOLERATE_CORRUPTED_TAIL_RECORDS) }
        e.message shouldContain "zero"
        e.message shouldContain "offset ${starts[1]}"
        val skipped = fs.readLog(LOG, SKIP_ANY_CORRUPTED_RECORDS)
        // Record 3 began in the skipped block: its orphaned LAST fragment is reported too.
        assertRecords(skipped.records, listOf(records[0], records[4], records[5]))
        skipped.reports.map { it.offset } shouldBe listOf(starts[1], B.toLong())
        fs.checkNoOpenFiles()
    }

    test("a forged length is reported as corruption, never as an index error or a large allocation") {
        val fs = FakeFileSystem().newLog()
        val records = listOf(record(100, 1), record(100, 2), record(100, 3))
        val starts = fs.writeLog(LOG, records)
        fs.patch(LOG, starts[1] + 4, byteArrayOf(0xFF.toByte(), 0xFF.toByte()))
        val e = shouldThrow<CorruptionException> { fs.readLog(LOG, TOLERATE_CORRUPTED_TAIL_RECORDS) }
        e.message shouldContain "length"
        e.message shouldContain "offset ${starts[1]}"
        shouldThrow<CorruptionException> { fs.readLog(LOG, ABSOLUTE_CONSISTENCY) }
        fs.checkNoOpenFiles()
    }

    test("random bytes read as an empty log or a corruption, in every mode") {
        for (seed in 1L..40L) {
            val random = Random(seed)
            val fs = FakeFileSystem().newLog()
            val size = random.nextInt(3 * B)
            val bytes = random.nextBytes(size)
            // Sprinkle plausible headers to reach the deeper paths.
            repeat(20) {
                if (size > 8) {
                    val at = random.nextInt(size - 7)
                    bytes[at + 4] = 0
                    bytes[at + 6] = (1 + random.nextInt(4)).toByte()
                }
            }
            fs.write(LOG) { write(bytes) }
            for (mode in WalRecoveryMode.values()) {
                withClue("seed $seed, $mode") {
                    try {
                        fs.readLog(LOG, mode)
                    } catch (expected: CorruptionException) {
                        expected.message shouldContain "000007.wal"
                    }
                }
            }
            fs.checkNoOpenFiles()
        }
    }

    test("random damage never yields a record that was not written") {
        fun isPrefix(got: List<ByteArray>, of: List<ByteArray>) =
            got.size <= of.size && got.indices.all { got[it].contentEquals(of[it]) }
        fun isSubsequence(got: List<ByteArray>, of: List<ByteArray>): Boolean {
            var i = 0
            for (r in got) {
                while (i < of.size && !of[i].contentEquals(r)) i++
                if (i == of.size) return false
                i++
            }
            return true
        }
        for (seed in 1L..150L) {
            val random = Random(seed)
            val fs = FakeFileSystem().newLog()
            val records = (0 until 1 + random.nextInt(12)).map { record(random.nextInt(0, 2 * B), seed * 100 + it) }
            fs.writeLog(LOG, records)
            val size = fs.metadata(LOG).size!!
            if (size == 0L) continue
            repeat(1 + random.nextInt(3)) {
                fs.patch(LOG, random.nextLong(size), byteArrayOf(random.nextInt(1, 256).toByte()))
            }
            withClue("seed $seed") {
                try {
                    isPrefix(fs.readLog(LOG, TOLERATE_CORRUPTED_TAIL_RECORDS).records, records) shouldBe true
                } catch (refused: CorruptionException) {
                    refused.message shouldContain "000007.wal"
                }
                try {
                    assertRecords(fs.readLog(LOG, ABSOLUTE_CONSISTENCY).records, records)
                } catch (refused: CorruptionException) {
                    refused.message shouldContain "000007.wal"
                }
                isSubsequence(fs.readLog(LOG, SKIP_ANY_CORRUPTED_RECORDS).records, records) shouldBe true
            }
            fs.checkNoOpenFiles()
        }
    }
})

// Specifies encrypted logs (docs/format.md, "Encrypted logs"): records of every size round-trip,
// a log that took no record stays empty, no record is in plaintext, a torn tail is tolerated as in
// a plain log, and a record changed or moved with its checksum resealed, a log renamed to another
// number and a wrong key are refused, under each recovery mode as documented.
package dev.cairn.lsm.internal.wal

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.WalRecoveryMode
import dev.cairn.lsm.internal.crypto.FileCipher
import dev.cairn.lsm.internal.crypto.FileKind
import dev.cairn.lsm.internal.crypto.StoreCipher
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldNotBeInstanceOf
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private val CIPHER = StoreCipher.of(Encryption.aesGcm(ByteArray(24) { it.toByte() }), "/db")!!
private val OTHER = StoreCipher.of(Encryption.aesGcm(ByteArray(24) { (it + 9).toByte() }), "/db")!!
private const val NUMBER = 7L

/** Writes [records] to a new encrypted log at [path]; returns where each record's first fragment begins. */
private fun FakeFileSystem.writeSealedLog(path: Path, records: List<ByteArray>, number: Long = NUMBER): List<Long> {
    val starts = ArrayList<Long>()
    LogWriter(openReadWrite(path, mustCreate = true, mustExist = false), path.name, false,
        LogRecordSealer.of(CIPHER, FileKind.WAL, number, path.name)).use { w ->
        for (r in records) {
            // The first append also frames the 71-byte header record.
            val before = if (w.size() == 0L) 7L + 64 else w.size()
            val leftover = LogFormat.BLOCK_SIZE - (before % LogFormat.BLOCK_SIZE)
            starts += if (leftover < LogFormat.HEADER_SIZE) before + leftover else before
            w.addRecord(r, 0, r.size)
        }
        w.sync()
    }
    return starts
}

private fun FakeFileSystem.readSealedLog(path: Path, mode: WalRecoveryMode, cipher: StoreCipher = CIPHER,
                                        number: Long = NUMBER): ReadResult {
    val reports = ArrayList<Reported>()
    openReadOnly(path).use { h ->
        val reader = LogReader(h, path.name, mode, { o, b, r -> reports += Reported(o, b, r) },
            LogRecordOpener.of(cipher, FileKind.WAL, number, path.name))
        val out = ArrayList<ByteArray>()
        while (true) out += reader.readRecord() ?: break
        return ReadResult(out, reader.lastValidOffset(), reports)
    }
}

private fun FakeFileSystem.bytes(path: Path): ByteArray = read(path) { readByteArray() }

class SealedLogSpec : FunSpec({
    val sizes = listOf(0, 1, 100, LogFormat.BLOCK_SIZE - 7 - 71 - 16, LogFormat.BLOCK_SIZE, 3 * LogFormat.BLOCK_SIZE + 5, 17, 0, 2000)
    val records = sizes.mapIndexed { i, n -> record(n, i.toLong()) }

    test("records of every size round-trip through an encrypted log, and none is in plaintext") {
        val fs = FakeFileSystem().newLog()
        fs.writeSealedLog(LOG, records)
        for (mode in WalRecoveryMode.values()) {
            val r = fs.readSealedLog(LOG, mode)
            assertRecords(r.records, records)
            r.reports shouldBe emptyList()
        }
        val text = String(fs.bytes(LOG), Charsets.ISO_8859_1)
        for (rec in records.filter { it.size >= 16 }) {
            text.contains(String(rec.copyOfRange(0, 16), Charsets.ISO_8859_1)) shouldBe false
        }
    }

    test("a log that took no record stays empty, and its header comes with the first record in one write") {
        val fs = FakeFileSystem().newLog()
        val counting = CountingHandle(fs.openReadWrite(LOG, mustCreate = true, mustExist = false))
        LogWriter(counting, LOG.name, false, LogRecordSealer.of(CIPHER, FileKind.WAL, NUMBER, LOG.name)).use { w ->
            w.size() shouldBe 0L
            counting.writes shouldBe 0
            w.addRecord(byteArrayOf(1, 2, 3), 0, 3)
            counting.writes shouldBe 1
            w.size() shouldBe 7L + 64 + 7 + 3 + FileCipher.TAG_SIZE
        }
        assertRecords(fs.readSealedLog(LOG, WalRecoveryMode.ABSOLUTE_CONSISTENCY).records, listOf(byteArrayOf(1, 2, 3)))
    }

    test("a torn tail of an encrypted log ends it quietly in the tolerant mode, as in a plain log") {
        val fs = FakeFileSystem().newLog()
        val starts = fs.writeSealedLog(LOG, records.take(4))
        fs.truncate(LOG, starts[3] + 20)
        val r = fs.readSealedLog(LOG, WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS)
        assertRecords(r.records, records.take(3))
        shouldThrow<CorruptionException> { fs.readSealedLog(LOG, WalRecoveryMode.ABSOLUTE_CONSISTENCY) }
    }

    test("a record changed with its checksum resealed fails authentication: raised, or reported and skipped") {
        val fs = FakeFileSystem().newLog()
        val starts = fs.writeSealedLog(LOG, records.take(3))
        val bytes = fs.bytes(LOG)
        val at = (starts[1] + 7 + 10).toInt()
        bytes[at] = (bytes[at].toInt() xor 1).toByte()
        fs.write(LOG) { write(LogReseal.reseal(bytes)) }
        for (mode in listOf(WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, WalRecoveryMode.ABSOLUTE_CONSISTENCY)) {
            shouldThrow<CorruptionException> { fs.readSealedLog(LOG, mode) }.message shouldContain
                "000007.wal: log record at offset ${starts[1]} failed authentication"
        }
        val skipped = fs.readSealedLog(LOG, WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS)
        assertRecords(skipped.records, listOf(records[0], records[2]))
        skipped.reports.map { it.offset } shouldBe listOf(starts[1])
    }

    test("two records of one length swapped, their checksums intact, fail authentication") {
        val same = List(3) { record(50, 100L + it) }
        val fs = FakeFileSystem().newLog()
        val starts = fs.writeSealedLog(LOG, same)
        val bytes = fs.bytes(LOG)
        val len = (starts[1] - starts[0]).toInt()
        val first = bytes.copyOfRange(starts[0].toInt(), starts[0].toInt() + len)
        bytes.copyInto(bytes, starts[0].toInt(), starts[1].toInt(), starts[1].toInt() + len)
        first.copyInto(bytes, starts[1].toInt())
        fs.write(LOG) { write(bytes) }
        shouldThrow<CorruptionException> { fs.readSealedLog(LOG, WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS) }
            .message shouldContain "failed authentication"
    }

    test("a log renamed to another number is refused; a wrong key is an LsmException") {
        val fs = FakeFileSystem().newLog()
        fs.writeSealedLog(LOG, records.take(2))
        shouldThrow<CorruptionException> { fs.readSealedLog(LOG, WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, number = 8) }
            .message shouldContain "encryption header is that of file number 7"
        val wrong = shouldThrow<LsmException> { fs.readSealedLog(LOG, WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS, cipher = OTHER) }
        wrong.shouldNotBeInstanceOf<CorruptionException>()
        wrong.message shouldContain "wrong encryption key for store /db: 000007.wal"
    }

    test("a plain log read as an encrypted one is refused; a damaged header loses the log under SKIP, reported") {
        val fs = FakeFileSystem().newLog()
        fs.writeLog(LOG, records.drop(2).take(2))
        shouldThrow<CorruptionException> { fs.readSealedLog(LOG, WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS) }
            .message shouldContain "000007.wal: encryption header of ${records[2].size} bytes, expected 64, at offset 7"
        val sealed = "/db/000009.wal".toPath()
        fs.writeSealedLog(sealed, records.take(6), number = 9)
        val bytes = fs.bytes(sealed)
        bytes[7 + 30] = (bytes[7 + 30].toInt() xor 4).toByte()
        fs.write(sealed) { write(bytes) }
        shouldThrow<CorruptionException> { fs.readSealedLog(sealed, WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, number = 9) }
        val r = fs.readSealedLog(sealed, WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS, number = 9)
        // The header's block is skipped; every record after it, whole or fragment, is reported too.
        r.records shouldBe emptyList()
        r.reports.first().offset shouldBe 0L
        r.reports.any { it.reason.contains("encryption header is missing or damaged") } shouldBe true
    }
})

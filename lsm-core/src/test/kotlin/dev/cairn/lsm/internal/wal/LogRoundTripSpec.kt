// Specification of the log format's framing: records of every size fragment across 32 KiB
// block edges and read back byte for byte; each record is one write to the OS.
package dev.cairn.lsm.internal.wal

import dev.cairn.lsm.WalRecoveryMode
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.choice
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll
import okio.fakefilesystem.FakeFileSystem

private const val B = LogFormat.BLOCK_SIZE
private const val H = LogFormat.HEADER_SIZE

class LogRoundTripSpec : FunSpec({

    fun roundTrip(sizes: List<Int>, seed: Long) {
        val fs = FakeFileSystem().newLog()
        val records = sizes.mapIndexed { i, n -> record(n, seed * 1000 + i) }
        fs.writeLog(LOG, records)
        for (mode in WalRecoveryMode.values()) {
            val result = fs.readLog(LOG, mode)
            result.records.size shouldBe records.size
            result.records.zip(records).forEach { (a, b) -> a.contentEquals(b) shouldBe true }
            result.reports.shouldBeEmpty()
            result.lastValidOffset shouldBe fs.metadata(LOG).size
        }
        fs.checkNoOpenFiles()
    }

    test("records of many sizes fragment across block edges and round-trip") {
        val size = Arb.choice(Arb.int(0..100), Arb.int(0..3 * B), Arb.int(B - 2 * H - 2..B + 2))
        checkAll(60, PropTestConfig(seed = 20261122L), Arb.list(size, 1..25), Arb.long()) { sizes, seed ->
            roundTrip(sizes, seed)
        }
    }

    test("a record that exactly fills a block leaves the next record at the block start") {
        val fs = FakeFileSystem().newLog()
        val starts = fs.writeLog(LOG, listOf(record(B - H, 1), record(10, 2)))
        starts shouldBe listOf(0L, B.toLong())
        roundTrip(listOf(B - H, 10), 3)
        roundTrip(listOf(B - H, B - H, B - H), 4)
    }

    test("a record one byte short of a block pads the block tail with zeros") {
        val fs = FakeFileSystem().newLog()
        val starts = fs.writeLog(LOG, listOf(record(B - H - 1, 1), record(10, 2)))
        starts shouldBe listOf(0L, B.toLong())
        val bytes = fs.read(LOG) { readByteArray() }
        bytes[B - 1] shouldBe 0.toByte()
        bytes.size shouldBe B + H + 10
        roundTrip(listOf(B - H - 1, 10), 5)
        roundTrip(listOf(B - H - 1, B - H - 1, 0, B), 6)
    }

    test("a block tail of exactly one header holds an empty FIRST fragment") {
        val fs = FakeFileSystem().newLog()
        fs.writeLog(LOG, listOf(record(B - 2 * H, 1), record(100, 2)))
        val bytes = fs.read(LOG) { readByteArray() }
        bytes[B - 1].toInt() shouldBe LogFormat.FIRST
        bytes[B - 2].toInt() shouldBe 0
        bytes[B - 3].toInt() shouldBe 0
        roundTrip(listOf(B - 2 * H, 100), 7)
        roundTrip(listOf(B - 2 * H, 0), 8)
    }

    test("empty records and a record spanning several blocks round-trip") {
        roundTrip(listOf(0, 0, 5 * B + 17, 0), 9)
    }

    test("each record reaches the file handle in exactly one write") {
        val fs = FakeFileSystem().newLog()
        val handle = CountingHandle(fs.openReadWrite(LOG, mustCreate = true, mustExist = false))
        val writer = LogWriter(handle, 0, LOG.name)
        var appended = 0L
        for ((i, n) in listOf(10, 3 * B + 5, B - H - 3, 0, 100_000).withIndex()) {
            appended += writer.addRecord(record(n, i.toLong()), 0, n)
            handle.writes shouldBe i + 1
        }
        writer.size() shouldBe appended
        writer.close()
        fs.metadata(LOG).size shouldBe appended
        fs.checkNoOpenFiles()
    }

    test("a writer continues a log at its last valid offset, cutting off a torn tail") {
        val fs = FakeFileSystem().newLog()
        val first = listOf(record(100, 1), record(B, 2), record(300, 3))
        val starts = fs.writeLog(LOG, first)
        fs.truncate(LOG, starts[2] + 50)
        val recovered = fs.readLog(LOG, WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS)
        recovered.records.size shouldBe 2
        recovered.lastValidOffset shouldBe starts[2]
        val more = listOf(record(B + 9, 4), record(7, 5))
        LogWriter(fs.openReadWrite(LOG), recovered.lastValidOffset, LOG.name).use { w ->
            more.forEach { w.addRecord(it, 0, it.size) }
            w.sync()
        }
        val all = fs.readLog(LOG, WalRecoveryMode.ABSOLUTE_CONSISTENCY).records
        assertRecords(all, first.take(2) + more)
        fs.checkNoOpenFiles()
    }

    test("a record can be taken from the middle of an array") {
        val fs = FakeFileSystem().newLog()
        val data = record(50_000, 11)
        LogWriter(fs.openReadWrite(LOG, mustCreate = true, mustExist = false), 0, LOG.name).use {
            it.addRecord(data, 1000, 40_000)
        }
        fs.readLog(LOG, WalRecoveryMode.ABSOLUTE_CONSISTENCY).records.single().toList() shouldBe
            data.copyOfRange(1000, 41_000).toList()
        fs.checkNoOpenFiles()
    }
})

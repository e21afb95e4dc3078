// Specification of write-ahead-log preallocation: once synced, a preallocating writer keeps zeros
// written ahead of its last record; every recovery mode still reads exactly the records written,
// and a log cut anywhere (a crash) reads as a prefix of them.
package dev.cairn.lsm.internal.wal

import dev.cairn.lsm.WalRecoveryMode
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll
import okio.fakefilesystem.FakeFileSystem

class LogPreallocationSpec : FunSpec({

    /** Writes [records] through a preallocating writer, syncing after each; returns where the data ends. */
    fun FakeFileSystem.writeSynced(records: List<ByteArray>): Long {
        LogWriter(openReadWrite(LOG, mustCreate = false, mustExist = false), 0, LOG.name, true).use { w ->
            for (r in records) {
                w.addRecord(r, 0, r.size)
                w.sync()
            }
            return w.size()
        }
    }

    test("a synced preallocating log keeps zeros ahead of its tail and reads back every record in every mode") {
        val fs = FakeFileSystem().newLog()
        val records = (0 until 40).map { record(100 + it * 37, it.toLong()) }
        val dataEnd = fs.writeSynced(records)
        fs.metadata(LOG).size!! shouldBeGreaterThan dataEnd
        for (mode in WalRecoveryMode.values()) {
            val result = fs.readLog(LOG, mode)
            result.records.size shouldBe records.size
            result.records.zip(records).forEach { (a, b) -> a.contentEquals(b) shouldBe true }
            result.reports.shouldBeEmpty()
            result.lastValidOffset shouldBe dataEnd
        }
        fs.checkNoOpenFiles()
    }

    test("a log that was never synced is not preallocated") {
        val fs = FakeFileSystem().newLog()
        LogWriter(fs.openReadWrite(LOG, mustCreate = false, mustExist = false), 0, LOG.name, true).use { w ->
            repeat(10) { w.addRecord(record(200, it.toLong()), 0, 200) }
            fs.metadata(LOG).size shouldBe w.size()
        }
    }

    test("a preallocated log cut at any length reads as a prefix of its records") {
        checkAll(40, PropTestConfig(seed = 20261122L), Arb.list(Arb.int(0..3000), 1..30), Arb.long()) { sizes, seed ->
            val fs = FakeFileSystem().newLog()
            val records = sizes.mapIndexed { i, n -> record(n, seed * 1000 + i) }
            fs.writeSynced(records)
            val full = fs.read(LOG) { readByteArray() }
            val cut = kotlin.random.Random(seed).nextLong(full.size.toLong() + 1)
            fs.write(LOG) { write(full, 0, cut.toInt()) }
            val result = fs.readLog(LOG, WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS)
            withClue("seed $seed, cut at $cut of ${full.size}") {
                (result.records.size <= records.size) shouldBe true
                result.records.zip(records).forEach { (a, b) -> a.contentEquals(b) shouldBe true }
            }
        }
    }
})

private inline fun <T> withClue(clue: String, block: () -> T): T = io.kotest.assertions.withClue(clue, block)

// Specifies WalRecoveryMode at the store level: a store whose unflushed writes sit in two
// write-ahead logs is damaged (a torn tail in the newest log, a corrupted record in the middle of
// the newest log, a corrupted record in the older log) and reopened under each mode. The spec
// checks exactly which keys the store then holds, the exception it raises instead, and what it
// reports to EventListener.onWalCorruption. Each put is one log record. Under skip, a record whose
// checksum fails cannot vouch for its own length, so reading resumes at the next 32 KiB block (as
// LevelDB and RocksDB do): the damaged record and the rest of its block are dropped and reported
// as one range. Here every log fits in its first block, so that is the rest of the log.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.EventListener
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.WalRecoveryMode
import dev.cairn.lsm.WalRecoveryMode.ABSOLUTE_CONSISTENCY
import dev.cairn.lsm.WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS
import dev.cairn.lsm.WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS
import dev.cairn.lsm.reliability.bugs.HeldScheduler
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.Path
import okio.Path.Companion.toPath
import java.util.concurrent.CopyOnWriteArrayList

private const val KEYS = 30

private fun key(i: Int) = "k%02d".format(i)
private fun value(i: Int) = ("v-" + key(i) + "-").repeat(30).encodeToByteArray()

/** One physical log record: where it starts, its payload length, and the key it carries. */
private data class LogRecord(val offset: Int, val length: Int, val key: String)

/** What onWalCorruption was told. */
private data class WalReport(val file: String, val offset: Long, val bytes: Long, val reason: String)

/**
 * A closed store on a crash-simulating file system whose puts k00..k29 all sit in two write-ahead
 * logs (flushes held, so nothing reached a table), and the records of each log.
 */
private class TwoLogStore {
    val fs = CrashFileSystem()
    val dir = "/db".toPath()
    val older: Path
    val newest: Path
    val olderRecords: List<LogRecord>
    val newestRecords: List<LogRecord>

    init {
        LsmStore.open(dir, StoreConfigs.tiny(fs).toBuilder().scheduler(HeldScheduler()).build()).use { store ->
            for (i in 0 until KEYS) store.put(key(i).encodeToByteArray(), value(i))
        }
        val logs = fs.list(dir).filter { it.name.endsWith(".wal") && fs.metadata(it).size!! > 0 }.sortedBy { it.name }
        logs.size shouldBe 2
        older = logs[0]
        newest = logs[1]
        olderRecords = records(older)
        newestRecords = records(newest)
        // Every key is in exactly one record, and the records are in the first 32 KiB block.
        (olderRecords + newestRecords).map { it.key } shouldBe (0 until KEYS).map(::key)
        (olderRecords.size >= 3 && newestRecords.size >= 3) shouldBe true
    }

    private fun records(log: Path): List<LogRecord> {
        val bytes = fs.read(log) { readByteArray() }
        val out = ArrayList<LogRecord>()
        var at = 0
        while (at + 7 <= bytes.size) {
            val length = ((bytes[at + 4].toInt() and 0xFF) shl 8) or (bytes[at + 5].toInt() and 0xFF)
            val type = bytes[at + 6].toInt()
            if (length == 0 && type == 0) break // zeros written ahead of appends
            type shouldBe 1 // FULL: one put, one record, inside the first block
            val payload = bytes.copyOfRange(at + 7, at + 7 + length).decodeToString(throwOnInvalidSequence = false)
            val k = Regex("k\\d\\d").find(payload)!!.value
            out += LogRecord(at, length, k)
            at += 7 + length
        }
        return out
    }

    /** Cuts [log] in the middle of its last record, as a crash during that append leaves it. */
    fun tearTail(log: Path, records: List<LogRecord>): LogRecord {
        val last = records.last()
        val bytes = fs.read(log) { readByteArray() }
        fs.write(log) { write(bytes, 0, last.offset + 7 + last.length / 2) }
        return last
    }

    /** Flips one payload byte of the middle record of [log]: its checksum no longer matches. */
    fun corruptMiddle(log: Path, records: List<LogRecord>): LogRecord {
        val victim = records[records.size / 2]
        val bytes = fs.read(log) { readByteArray() }
        val at = victim.offset + 7 + victim.length - 10
        bytes[at] = (bytes[at].toInt() xor 0x20).toByte()
        fs.write(log) { write(bytes) }
        return victim
    }

    /** Reopens under [mode] (flushes running); the keys it holds and what it reported. */
    fun reopen(mode: WalRecoveryMode): Pair<List<String>, List<WalReport>> {
        val reports = CopyOnWriteArrayList<WalReport>()
        val listener = object : EventListener {
            override fun onWalCorruption(file: String, offset: Long, bytes: Long, reason: String) {
                reports += WalReport(file, offset, bytes, reason)
            }
        }
        val options = StoreConfigs.tiny(fs).toBuilder().walRecovery(mode).listener(listener).build()
        val keys = LsmStore.open(dir, options).use { store ->
            val present = (0 until KEYS).map(::key).filter { k -> store.get(k.encodeToByteArray())?.let { v ->
                v.contentEquals(value(k.substring(1).toInt())) shouldBe true
                true
            } ?: false }
            readAll(store).keys.map { it.utf8() } shouldBe present
            present
        }
        return keys to reports
    }

    fun allKeysBut(lost: LogRecord) = (0 until KEYS).map(::key) - lost.key

    /** All keys but those of [records] from [victim] on (the rest of its block). */
    fun allKeysButFrom(records: List<LogRecord>, victim: LogRecord) =
        (0 until KEYS).map(::key) - records.dropWhile { it != victim }.map { it.key }.toSet()

    /** The bytes from [victim] to the end of [log], as they were before the reopen. */
    fun restOf(log: Path, victim: LogRecord): Long = fs.metadata(log).size!! - victim.offset

    /** After a recovery, a second reopen (default mode) finds the same keys and nothing to report. */
    fun reopensStable(keys: List<String>) {
        val (again, reports) = reopen(TOLERATE_CORRUPTED_TAIL_RECORDS)
        again shouldBe keys
        reports shouldBe emptyList()
    }
}

class WalRecoveryModeSpec : FunSpec({

    test("a torn tail in the newest log: dropped silently by default, refused by absolute consistency, dropped and reported by skip") {
        for (mode in WalRecoveryMode.values()) withClue(mode) {
            val store = TwoLogStore()
            val lost = store.tearTail(store.newest, store.newestRecords)
            when (mode) {
                TOLERATE_CORRUPTED_TAIL_RECORDS -> {
                    val (keys, reports) = store.reopen(mode)
                    keys shouldBe store.allKeysBut(lost)
                    reports shouldBe emptyList()
                    store.reopensStable(keys)
                }
                ABSOLUTE_CONSISTENCY -> {
                    val e = shouldThrow<CorruptionException> { store.reopen(mode) }
                    e.message shouldBe "${store.newest.name}: record cut off by the end of the file at offset ${lost.offset}"
                }
                SKIP_ANY_CORRUPTED_RECORDS -> {
                    val (keys, reports) = store.reopen(mode)
                    keys shouldBe store.allKeysBut(lost)
                    reports shouldBe listOf(WalReport(store.newest.name, lost.offset.toLong(),
                        (7 + lost.length / 2).toLong(), "record cut off by the end of the file"))
                    store.reopensStable(keys)
                }
            }
        }
    }

    test("a corrupted record in the middle of the newest log: refused unless skipping, which drops and reports that record and the rest of its block") {
        for (mode in WalRecoveryMode.values()) withClue(mode) {
            val store = TwoLogStore()
            val lost = store.corruptMiddle(store.newest, store.newestRecords)
            when (mode) {
                TOLERATE_CORRUPTED_TAIL_RECORDS, ABSOLUTE_CONSISTENCY -> {
                    val e = shouldThrow<CorruptionException> { store.reopen(mode) }
                    e.message shouldContain "${store.newest.name}: checksum mismatch in FULL record at offset ${lost.offset}"
                }
                SKIP_ANY_CORRUPTED_RECORDS -> {
                    val dropped = store.restOf(store.newest, lost)
                    val (keys, reports) = store.reopen(mode)
                    keys shouldBe store.allKeysButFrom(store.newestRecords, lost)
                    reports shouldBe listOf(WalReport(store.newest.name, lost.offset.toLong(), dropped, "checksum mismatch in FULL record"))
                    store.reopensStable(keys)
                }
            }
        }
    }

    test("a corrupted record in an older log: refused unless skipping, which drops and reports that record and the rest of its block") {
        for (mode in WalRecoveryMode.values()) withClue(mode) {
            val store = TwoLogStore()
            val lost = store.corruptMiddle(store.older, store.olderRecords)
            when (mode) {
                TOLERATE_CORRUPTED_TAIL_RECORDS, ABSOLUTE_CONSISTENCY -> {
                    val e = shouldThrow<CorruptionException> { store.reopen(mode) }
                    e.message shouldContain "${store.older.name}: checksum mismatch in FULL record at offset ${lost.offset}"
                }
                SKIP_ANY_CORRUPTED_RECORDS -> {
                    val dropped = store.restOf(store.older, lost)
                    val (keys, reports) = store.reopen(mode)
                    keys shouldBe store.allKeysButFrom(store.olderRecords, lost)
                    reports shouldBe listOf(WalReport(store.older.name, lost.offset.toLong(), dropped, "checksum mismatch in FULL record"))
                    store.reopensStable(keys)
                }
            }
        }
    }
})

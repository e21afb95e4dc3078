// Jazzer fuzz tests of LogReader: any bytes, read under every WalRecoveryMode, end the log or
// raise CorruptionException, and nothing else (no index error, no large allocation, no endless
// loop). JUnit 5 rather than kotest because Jazzer runs on JUnit. Regression mode (the default)
// replays the committed corpus in LogReaderFuzzTestInputs/; JAZZER_FUZZ=1 fuzzes one method.
package dev.cairn.lsm.internal.wal

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.WalRecoveryMode
import dev.cairn.lsm.internal.batch.BatchFormat
import okio.fakefilesystem.FakeFileSystem

class LogReaderFuzzTest {

    /** The bytes as they are: mostly exercises the checksum and framing checks. */
    @FuzzTest
    fun readsAnyLog(data: ByteArray) = readUnderEveryMode(data)

    /** The bytes with every framed record's checksum repaired: reaches fragment assembly. */
    @FuzzTest
    fun readsResealedLog(data: ByteArray) = readUnderEveryMode(LogReseal.reseal(data))

    /**
     * `data[0]` bytes of the first block are left after an intact filler record; the rest of
     * [data] goes there and on into the next block, checksums repaired: small inputs reach the
     * 32 KiB block edge (records cut across it, block tails shorter than a header).
     */
    @FuzzTest
    fun readsResealedLogAcrossBlocks(data: ByteArray) {
        if (data.isEmpty()) return
        val gap = data[0].toInt() and 0xFF
        val start = LogFormat.BLOCK_SIZE - gap
        val image = ByteArray(start + data.size - 1)
        val fillerLength = start - LogFormat.HEADER_SIZE
        image[4] = (fillerLength ushr 8).toByte()
        image[5] = fillerLength.toByte()
        image[6] = LogFormat.FULL.toByte()
        data.copyInto(image, start, 1)
        readUnderEveryMode(LogReseal.reseal(image))
    }

    private class Outcome(val records: List<ByteArray>, val failure: CorruptionException?)

    private fun readUnderEveryMode(image: ByteArray) {
        val absolute = read(image, WalRecoveryMode.ABSOLUTE_CONSISTENCY)
        val tolerant = read(image, WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS)
        val skipping = read(image, WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS)
        check(skipping.failure == null) { "SKIP_ANY_CORRUPTED_RECORDS raised: ${skipping.failure}" }
        // Before the first damage every mode reads the same records; only SKIP reads past it.
        check(sameRecords(absolute.records, tolerant.records)) {
            "ABSOLUTE read ${absolute.records.size} records, TOLERATE ${tolerant.records.size}"
        }
        check(tolerant.records.size <= skipping.records.size &&
            sameRecords(tolerant.records, skipping.records.subList(0, tolerant.records.size))) {
            "TOLERATE's ${tolerant.records.size} records are not a prefix of SKIP's ${skipping.records.size}"
        }
    }

    private fun read(image: ByteArray, mode: WalRecoveryMode): Outcome {
        val records = ArrayList<ByteArray>()
        var total = 0L
        ByteArrayHandle(image, image.size).use { handle ->
            val reader = LogReader(handle, "000007.wal", mode) { offset, bytes, _ ->
                check(offset >= 0 && bytes >= 0 && offset + bytes <= image.size) {
                    "damage reported at ($offset, $bytes) outside a log of ${image.size} bytes"
                }
            }
            try {
                while (true) {
                    val r = reader.readRecord() ?: break
                    records += r
                    total += r.size
                    check(total <= image.size) { "read $total payload bytes from a log of ${image.size}" }
                    check(records.size <= image.size / LogFormat.HEADER_SIZE) { "more records than headers fit" }
                    check(reader.lastValidOffset() in 0..image.size.toLong()) {
                        "lastValidOffset ${reader.lastValidOffset()} outside a log of ${image.size} bytes"
                    }
                }
                check(reader.readRecord() == null) { "a record after the end of the log" }
            } catch (e: CorruptionException) {
                check(e.message!!.contains("000007.wal")) { "corruption message does not name the file: ${e.message}" }
                return Outcome(records, e)
            }
        }
        return Outcome(records, null)
    }

    private fun sameRecords(a: List<ByteArray>, b: List<ByteArray>) =
        a.size == b.size && a.indices.all { a[it].contentEquals(b[it]) }

    /** Seeds for the committed corpus (see FuzzCorpusGenerator). */
    companion object {
        /** @return seed inputs by method name, then by seed name */
        fun seeds(): Map<String, Map<String, ByteArray>> {
            val batches = listOf(
                batch(1) { put("alpha".encodeToByteArray(), "one".encodeToByteArray()) },
                batch(2) {
                    put("beta".encodeToByteArray(), ByteArray(40) { it.toByte() })
                    delete("alpha".encodeToByteArray())
                    deleteRange("c".encodeToByteArray(), "d".encodeToByteArray())
                },
                ByteArray(0),
                ByteArray(300) { (it * 7).toByte() },
            )
            val log = writeLog(0, batches)
            val second = LogFormat.HEADER_SIZE + batches[0].size
            val plain = linkedMapOf(
                "batches" to log,
                "torn-tail" to log.copyOf(log.size - 100),
                "flipped-byte" to log.copyOf().also { it[second + 12] = (it[second + 12].toInt() xor 0x10).toByte() },
                "zeroed-header" to log.copyOf().also { it.fill(0, second, second + LogFormat.HEADER_SIZE) },
                "forged-length" to log.copyOf().also { it[second + 4] = 0xFF.toByte(); it[second + 5] = 0xFF.toByte() },
                "orphan-last" to log.copyOf().also { it[6] = LogFormat.LAST.toByte() },
                "unknown-type" to log.copyOf().also { it[second + 6] = 9 },
                "short-header-tail" to log.copyOf(log.size + 3),
            )
            val across = LinkedHashMap<String, ByteArray>()
            for (gap in listOf(0, 3, 7, 8, 60, 200)) {
                val tail = writeLog(LogFormat.BLOCK_SIZE - gap, batches)
                across["gap-$gap"] = byteArrayOf(gap.toByte()) + tail
            }
            val cut = across.getValue("gap-60")
            across["gap-60-torn"] = cut.copyOf(cut.size - 200)
            across["gap-60-flipped"] = cut.copyOf().also { it[70] = (it[70].toInt() xor 1).toByte() }
            return mapOf("readsAnyLog" to plain, "readsResealedLog" to plain, "readsResealedLogAcrossBlocks" to across)
        }

        private fun batch(seq: Long, ops: BatchFormat.Builder.() -> Unit): ByteArray =
            BatchFormat.Builder().apply(ops).encode(seq, 1_700_000_000_000L)

        /** A log whose records start at [startOffset] (as a writer resuming there would write them), from that offset on. */
        private fun writeLog(startOffset: Int, records: List<ByteArray>): ByteArray {
            val fs = FakeFileSystem().newLog()
            LogWriter(fs.openReadWrite(LOG, mustCreate = false, mustExist = false), startOffset.toLong(), LOG.name).use { w ->
                for (r in records) w.addRecord(r, 0, r.size)
                w.sync()
            }
            val image = fs.read(LOG) { readByteArray() }
            return image.copyOfRange(startOffset, image.size)
        }
    }
}

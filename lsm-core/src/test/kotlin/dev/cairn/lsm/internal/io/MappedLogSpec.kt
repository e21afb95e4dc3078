// Specification of a write-ahead log created on the real file system (written through a memory
// mapping on Linux): records round-trip across mapping windows in every recovery mode, the file
// holds only zeros past the last record, and an append whose first 8 bytes never landed (a
// kill -9 inside the copy) reads as the end of the log, even in the strictest mode; a file
// system that refuses to map gets positional writes instead. A log prepared at open has its
// first chunk of zeros written before the first append, and a new log's writer keeps them.
package dev.cairn.lsm.internal.io

import dev.cairn.lsm.WalRecoveryMode
import dev.cairn.lsm.internal.wal.LogReader
import dev.cairn.lsm.internal.wal.LogWriter
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.IOException
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.StandardOpenOption
import kotlin.random.Random
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toOkioPath

class MappedLogSpec : FunSpec({

    val linux = System.getProperty("os.name", "").lowercase().startsWith("linux")

    fun withLog(body: (Path) -> Unit) {
        val nio = Files.createTempDirectory("cairn-mapped-log")
        try {
            body(nio.toOkioPath().resolve("000007.wal"))
        } finally {
            nio.toFile().deleteRecursively()
        }
    }

    /** Writes [records] to a new log at [path]; returns the offset each record starts at. */
    fun write(path: Path, records: List<ByteArray>): List<Long> {
        val h = StoreFiles.createLog(FileSystem.SYSTEM, path)
        val starts = ArrayList<Long>()
        LogWriter(h, 0, path.name, !StoreFiles.writesZerosAhead(h)).use { w ->
            for (r in records) {
                val before = w.size()
                val leftover = 32768 - (before % 32768)
                starts += if (leftover < 7) before + leftover else before
                w.addRecord(r, 0, r.size)
            }
            w.sync()
            starts += w.size()
        }
        return starts
    }

    fun read(path: Path, mode: WalRecoveryMode): Pair<List<ByteArray>, Long> =
        StoreFiles.openReadOnly(FileSystem.SYSTEM, path).use { h ->
            val reader = LogReader(h, path.name, mode) { o, _, r -> throw AssertionError("damage at $o: $r") }
            val out = ArrayList<ByteArray>()
            while (true) {
                out += reader.readRecord() ?: break
            }
            out to reader.lastValidOffset()
        }

    test("records of every size round-trip across mapping windows in every recovery mode") {
        val seed = 20261122L
        val rnd = Random(seed)
        val records = List(400) { i ->
            val n = when (i % 40) {
                0 -> rnd.nextInt(1 shl 20, 3 shl 20)
                1 -> 32768 - 7 - rnd.nextInt(0, 8)
                2 -> 0
                else -> rnd.nextInt(0, 300)
            }
            rnd.nextBytes(n)
        }
        withLog { path ->
            val starts = write(path, records)
            val end = starts.last()
            (end > 2L * MappedLogHandle.WINDOW) shouldBe true
            for (mode in WalRecoveryMode.values()) {
                val (read, lastValid) = read(path, mode)
                withClue("seed $seed, mode $mode") {
                    read.size shouldBe records.size
                    read.indices.all { read[it].contentEquals(records[it]) } shouldBe true
                    lastValid shouldBe end
                }
            }
            val bytes = Files.readAllBytes(path.toNioPath())
            if (linux) {
                (bytes.size > end) shouldBe true
            }
            (end until bytes.size.toLong()).all { bytes[it.toInt()] == 0.toByte() } shouldBe true
        }
    }

    test("a prepared log holds its first chunk of zeros before the first append, a new log's writer keeps them, and records still round-trip") {
        val rnd = Random(29)
        val records = List(100) { rnd.nextBytes(rnd.nextInt(0, 2_000)) }
        withLog { path ->
            val h = StoreFiles.createLog(FileSystem.SYSTEM, path)
            StoreFiles.prepareLog(h)
            val zeros = Files.readAllBytes(path.toNioPath())
            if (linux) {
                zeros.size shouldBe MappedLogHandle.ZERO_CHUNK
            }
            zeros.all { it == 0.toByte() } shouldBe true
            val end = LogWriter(h, path.name, !StoreFiles.writesZerosAhead(h), null).use { w ->
                // The engine's constructor for a new log does not cut the synced zeros away.
                Files.size(path.toNioPath()) shouldBe zeros.size.toLong()
                for (r in records) w.addRecord(r, 0, r.size)
                w.sync()
                w.size()
            }
            for (mode in WalRecoveryMode.values()) {
                val (read, lastValid) = read(path, mode)
                read.size shouldBe records.size
                read.indices.all { read[it].contentEquals(records[it]) } shouldBe true
                lastValid shouldBe end
            }
        }
    }

    test("a file system that refuses the mapping gets ordinary writes, and every record reads back") {
        val rnd = Random(11)
        val records = List(300) { rnd.nextBytes(rnd.nextInt(0, 40_000)) }
        withLog { path ->
            var attempts = 0
            val channel = FileChannel.open(path.toNioPath(), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)
            val handle = MappedLogHandle(channel) { _, _ ->
                attempts++
                throw IOException("mapping not supported")
            }
            val end = LogWriter(handle, 0, path.name, false).use { w ->
                for (r in records) w.addRecord(r, 0, r.size)
                w.sync()
                w.size()
            }
            attempts shouldBe 1
            for (mode in WalRecoveryMode.values()) {
                val (read, lastValid) = read(path, mode)
                read.size shouldBe records.size
                read.indices.all { read[it].contentEquals(records[it]) } shouldBe true
                lastValid shouldBe end
            }
        }
    }

    test("an append whose first 8 bytes did not land ends the log, even under absolute consistency") {
        val rnd = Random(7)
        val records = List(50) { rnd.nextBytes(rnd.nextInt(20, 200)) }
        withLog { path ->
            val starts = write(path, records)
            // What a kill between the copy of a record's body and the store of its head leaves.
            val last = starts[records.size - 1]
            FileSystem.SYSTEM.openReadWrite(path).use { it.write(last, ByteArray(8), 0, 8) }
            val (read, lastValid) = read(path, WalRecoveryMode.ABSOLUTE_CONSISTENCY)
            read.size shouldBe records.size - 1
            lastValid shouldBe last
        }
    }
})

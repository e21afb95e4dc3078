// Helpers shared by the WAL specs: write records into a log on a FakeFileSystem and read them
// back under a recovery mode. Single-threaded test code.
package dev.cairn.lsm.internal.wal

import dev.cairn.lsm.WalRecoveryMode
import okio.FileHandle
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

internal val LOG: Path = "/db/000007.wal".toPath()

internal fun FakeFileSystem.newLog(): FakeFileSystem = apply { createDirectories("/db".toPath()) }

/** Deterministic record contents: size n, bytes drawn from [seed]. */
internal fun record(n: Int, seed: Long): ByteArray = Random(seed).nextBytes(n)

/** Writes [records] to [path]; returns the file offset where each record begins (after padding). */
internal fun FakeFileSystem.writeLog(path: Path, records: List<ByteArray>): List<Long> {
    val starts = ArrayList<Long>()
    LogWriter(openReadWrite(path, mustCreate = false, mustExist = false), 0, path.name).use { w ->
        for (r in records) {
            val before = w.size()
            val leftover = LogFormat.BLOCK_SIZE - (before % LogFormat.BLOCK_SIZE)
            starts += if (leftover < LogFormat.HEADER_SIZE) before + leftover else before
            w.addRecord(r, 0, r.size)
        }
        w.sync()
    }
    return starts
}

internal class Reported(val offset: Long, val bytes: Long, val reason: String)

internal class ReadResult(val records: List<ByteArray>, val lastValidOffset: Long, val reports: List<Reported>)

internal fun FakeFileSystem.readLog(path: Path, mode: WalRecoveryMode): ReadResult {
    val reports = ArrayList<Reported>()
    openReadOnly(path).use { h ->
        val reader = LogReader(h, path.name, mode) { o, b, r -> reports += Reported(o, b, r) }
        val out = ArrayList<ByteArray>()
        while (true) {
            out += reader.readRecord() ?: break
        }
        return ReadResult(out, reader.lastValidOffset(), reports)
    }
}

internal fun FakeFileSystem.patch(path: Path, offset: Long, bytes: ByteArray) {
    openReadWrite(path).use { it.write(offset, bytes, 0, bytes.size) }
}

internal fun FakeFileSystem.truncate(path: Path, size: Long) {
    openReadWrite(path).use { it.resize(size) }
}

/** A FileHandle that counts the writes reaching it, forwarding to [delegate]. */
internal class CountingHandle(private val delegate: FileHandle) : FileHandle(true) {
    var writes = 0
    override fun protectedRead(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int) =
        delegate.read(fileOffset, array, arrayOffset, byteCount)
    override fun protectedWrite(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int) {
        writes++
        delegate.write(fileOffset, array, arrayOffset, byteCount)
    }
    override fun protectedFlush() = delegate.flush()
    override fun protectedResize(size: Long) = delegate.resize(size)
    override fun protectedSize() = delegate.size()
    override fun protectedClose() = delegate.close()
}

/** Asserts that [actual] holds the same records as [expected], comparing contents cheaply. */
internal fun assertRecords(actual: List<ByteArray>, expected: List<ByteArray>) {
    fun describe(l: List<ByteArray>) = l.map { "${it.size} bytes #${it.contentHashCode()}" }
    if (actual.size != expected.size || actual.zip(expected).any { (a, b) -> !a.contentEquals(b) }) {
        throw AssertionError("expected records ${describe(expected)} but read ${describe(actual)}")
    }
}

/** A read-only FileHandle over the first [length] bytes of [bytes]: cheap views of cut logs. */
internal class ByteArrayHandle(private val bytes: ByteArray, private val length: Int) : FileHandle(false) {
    override fun protectedRead(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int): Int {
        if (fileOffset >= length) return -1
        val n = minOf(byteCount.toLong(), length - fileOffset).toInt()
        bytes.copyInto(array, arrayOffset, fileOffset.toInt(), fileOffset.toInt() + n)
        return n
    }
    override fun protectedWrite(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int) =
        throw UnsupportedOperationException()
    override fun protectedFlush() = Unit
    override fun protectedResize(size: Long) = throw UnsupportedOperationException()
    override fun protectedSize() = length.toLong()
    override fun protectedClose() = Unit
}

/** Reads the first [length] bytes of the log image [bytes] under [mode]. */
internal fun readImage(bytes: ByteArray, length: Int, mode: WalRecoveryMode): ReadResult {
    val reports = ArrayList<Reported>()
    ByteArrayHandle(bytes, length).use { h ->
        val reader = LogReader(h, LOG.name, mode) { o, b, r -> reports += Reported(o, b, r) }
        val out = ArrayList<ByteArray>()
        while (true) {
            out += reader.readRecord() ?: break
        }
        return ReadResult(out, reader.lastValidOffset(), reports)
    }
}

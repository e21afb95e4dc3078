// Specification of a table file opened for reading on the real file system (read through a
// memory mapping on Linux): every read returns the file's bytes, reads running past the end
// answer as positional reads do, and bytes added after open are still read (through the channel);
// a range it has just read is reported resident in memory; a range outside the mapping, or one
// never read (a sparse file's hole), is not.
package dev.cairn.lsm.internal.io

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.file.Files
import java.nio.file.StandardOpenOption
import kotlin.random.Random
import okio.FileSystem
import okio.Path.Companion.toOkioPath

class MappedTableSpec : FunSpec({

    val linux = System.getProperty("os.name", "").lowercase().startsWith("linux")

    fun withFile(bytes: ByteArray, body: (okio.Path) -> Unit) {
        val dir = Files.createTempDirectory("cairn-mapped-table")
        try {
            val file = dir.resolve("000009.sst")
            Files.write(file, bytes)
            body(file.toOkioPath())
        } finally {
            dir.toFile().deleteRecursively()
        }
    }

    test("reads at any offset and length return the file's bytes") {
        val seed = 20261123L
        val rnd = Random(seed)
        val bytes = rnd.nextBytes(300_000)
        withFile(bytes) { path ->
            StoreFiles.openTable(FileSystem.SYSTEM, path).use { h ->
                if (linux) {
                    h.shouldBeInstanceOf<MappedTableHandle>()
                    h.mapped() shouldBe true
                }
                repeat(2_000) {
                    val offset = rnd.nextInt(0, bytes.size)
                    val len = rnd.nextInt(0, minOf(20_000, bytes.size - offset) + 1)
                    val dst = ByteArray(len + 10)
                    val n = h.read(offset.toLong(), dst, 5, len)
                    withClue("seed $seed, read of $len bytes at $offset") {
                        n shouldBe len
                        dst.copyOfRange(5, 5 + len).contentEquals(bytes.copyOfRange(offset, offset + len)) shouldBe true
                    }
                }
            }
        }
    }

    test("a read running past the end answers as a positional read: the bytes there are, then end of file") {
        val bytes = Random(3).nextBytes(10_000)
        withFile(bytes) { path ->
            StoreFiles.openTable(FileSystem.SYSTEM, path).use { h ->
                val dst = ByteArray(500)
                h.read(9_800L, dst, 0, 500) shouldBe 200
                dst.copyOfRange(0, 200).contentEquals(bytes.copyOfRange(9_800, 10_000)) shouldBe true
                h.read(10_000L, dst, 0, 500) shouldBe -1
            }
        }
    }

    test("bytes added to the file after it was opened are read too") {
        val bytes = Random(5).nextBytes(8_000)
        val more = Random(6).nextBytes(3_000)
        withFile(bytes) { path ->
            StoreFiles.openTable(FileSystem.SYSTEM, path).use { h ->
                Files.write(path.toNioPath(), more, StandardOpenOption.APPEND)
                val dst = ByteArray(4_000)
                h.read(7_000L, dst, 0, 4_000) shouldBe 4_000
                dst.copyOfRange(0, 1_000).contentEquals(bytes.copyOfRange(7_000, 8_000)) shouldBe true
                dst.copyOfRange(1_000, 4_000).contentEquals(more) shouldBe true
            }
        }
    }

    test("a range just read through the mapping is resident in memory; a range outside it is not") {
        val bytes = Random(7).nextBytes(64_000)
        withFile(bytes) { path ->
            StoreFiles.openTable(FileSystem.SYSTEM, path).use { h ->
                val p = h as PositionalRead
                h.read(10_000L, ByteArray(20_000), 0, 20_000) shouldBe 20_000
                // Pages just copied from are in the page cache: mincore says so (Linux only; elsewhere unknown).
                p.isResident(10_000L, 20_000) shouldBe linux
                p.isResident(60_000L, 8_000) shouldBe false
                p.isResident(-1L, 10) shouldBe false
                p.isResident(0L, 0) shouldBe false
            }
        }
    }

    test("a range of a file never read is not resident in memory until it is read").config(enabled = linux) {
        val dir = Files.createTempDirectory("cairn-mapped-table")
        try {
            // A sparse file: its holes are in no page cache until something reads them.
            val file = dir.resolve("000010.sst")
            java.io.RandomAccessFile(file.toFile(), "rw").use { it.setLength(16L shl 20) }
            StoreFiles.openTable(FileSystem.SYSTEM, file.toOkioPath()).use { h ->
                val p = h as PositionalRead
                val at = 12L shl 20
                p.isResident(at, 4096) shouldBe false
                h.read(at, ByteArray(4096), 0, 4096) shouldBe 4096
                p.isResident(at, 4096) shouldBe true
            }
        } finally {
            dir.toFile().deleteRecursively()
        }
    }
})

// Specifies bad input at the copy surfaces, each refused with a clear error before anything is
// written: backup ids that are not 1, 2, ... or name no backup; restore targets that are a file,
// a non-empty directory or inside the backup directory; checkpoint targets inside the store
// (also spelled with ..), the store directory itself, a file or a non-empty directory; and backup
// metadata (a backup directory may come from elsewhere) naming a file outside the restore target
// or the backup directory (path traversal), re-checksummed so only the names are wrong.
package dev.cairn.lsm.copies

import dev.cairn.lsm.Backups
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toPath
import java.util.zip.CRC32C

/** Every path under [root] with its size (directories as -1): what "nothing was written" compares. */
private fun tree(fs: FileSystem, root: Path): Map<String, Long> =
    if (!fs.exists(root)) emptyMap()
    else fs.listRecursively(root).associate { it.toString() to (fs.metadata(it).size ?: -1L) }

/** Rewrites backup [id]'s metadata with [edit] applied to its lines, and a valid final checksum. */
private fun rewriteMetadata(fs: FileSystem, backups: Path, id: Long, edit: (List<String>) -> List<String>) {
    val file = backups / "meta" / "%06d".format(id)
    val text = fs.read(file) { readUtf8() }
    val body = edit(text.substring(0, text.lastIndexOf("end ")).trimEnd('\n').split("\n")).joinToString("\n") + "\n"
    val crc = CRC32C().apply { update(body.encodeToByteArray()) }.value.toInt()
    fs.write(file) { writeUtf8(body + "end %08x\n".format(crc)) }
}

class CopyBadInputSpec : FunSpec({

    val options = { fs: FileSystem -> StoreOptions.builder().fileSystem(fs).build() }

    /** A store with a table and a memtable, and one backup of it. */
    fun backedUp(fs: CrashFileSystem) {
        LsmStore.open("/db".toPath(), options(fs)).use { db ->
            for (i in 0 until 200) db.put("k$i".toByteArray(), "v$i".toByteArray())
            db.flush()
            db.put("late".toByteArray(), "1".toByteArray())
            Backups.open("/backups".toPath(), fs).use { it.create(db).id shouldBe 1L }
        }
    }

    test("backup ids: zero and negative ids are refused as such, an unknown id is named, and nothing changes") {
        val fs = CrashFileSystem()
        backedUp(fs)
        Backups.open("/backups".toPath(), fs).use { b ->
            val before = tree(fs, "/backups".toPath())
            for (id in listOf(0L, -1L, Long.MIN_VALUE)) {
                shouldThrow<IllegalArgumentException> { b.verify(id) }.message shouldContain "whole numbers from 1"
                shouldThrow<IllegalArgumentException> { b.restore(id, "/r".toPath()) }.message shouldContain "got $id"
                shouldThrow<IllegalArgumentException> { b.delete(id) }.message shouldContain "whole numbers from 1"
            }
            shouldThrow<IllegalArgumentException> { b.verify(2) }.message shouldContain "no backup 2"
            shouldThrow<IllegalArgumentException> { b.restore(99, "/r".toPath()) }.message shouldContain "no backup 99"
            shouldThrow<IllegalArgumentException> { b.delete(Long.MAX_VALUE) }.message shouldContain "no backup ${Long.MAX_VALUE}"
            shouldThrow<IllegalArgumentException> { b.purgeOld(-1) }.message shouldContain "keep must be >= 0"
            fs.exists("/r".toPath()) shouldBe false
            tree(fs, "/backups".toPath()) shouldBe before
            b.list().map { it.id } shouldBe listOf(1L)
        }
        fs.checkNoOpenFiles()
    }

    test("restore targets: a file, a non-empty directory, the backup directory or a directory inside it are refused before anything is written") {
        val fs = CrashFileSystem()
        backedUp(fs)
        fs.write("/a-file".toPath()) { writeUtf8("mine") }
        fs.createDirectories("/full".toPath())
        fs.write("/full/x".toPath()) { writeUtf8("mine") }
        Backups.open("/backups".toPath(), fs).use { b ->
            val before = tree(fs, "/".toPath())
            shouldThrow<IllegalArgumentException> { b.restore(1, "/a-file".toPath()) }.message shouldContain "is a file"
            shouldThrow<IllegalArgumentException> { b.restore(1, "/full".toPath()) }.message shouldContain "is not empty"
            for (inside in listOf("/backups", "/backups/private/000009", "/backups/restored", "/elsewhere/../backups/shared/x")) {
                shouldThrow<IllegalArgumentException> { b.restore(1, inside.toPath()) }.message shouldContain "inside the backup directory"
            }
            tree(fs, "/".toPath()) shouldBe before
            fs.read("/a-file".toPath()) { readUtf8() } shouldBe "mine"
            b.restore(1, "/restored".toPath()) // a good target still works
        }
        LsmStore.open("/restored".toPath(), options(fs)).use { it.get("late".toByteArray())!!.decodeToString() shouldBe "1" }
        fs.checkNoOpenFiles()
    }

    test("checkpoint targets: inside the store (also through ..), the store itself, a file or a non-empty directory are refused before anything is written") {
        val fs = CrashFileSystem()
        fs.write("/a-file".toPath()) { writeUtf8("mine") }
        fs.createDirectories("/full".toPath())
        fs.write("/full/x".toPath()) { writeUtf8("mine") }
        LsmStore.open("/db".toPath(), options(fs)).use { db ->
            for (i in 0 until 100) db.put("k$i".toByteArray(), "v$i".toByteArray())
            db.flush()
            val before = tree(fs, "/".toPath()).filterKeys { !it.startsWith("/db") }
            for (inside in listOf("/db", "/db/cp", "/db/sub/deeper", "/other/../db/cp")) {
                shouldThrow<IllegalArgumentException> { db.checkpoint(inside.toPath()) }.message shouldContain "inside the store directory"
            }
            shouldThrow<IllegalArgumentException> { db.checkpoint("/a-file".toPath()) }.message shouldContain "is a file"
            shouldThrow<IllegalArgumentException> { db.checkpoint("/full".toPath()) }.message shouldContain "not empty"
            tree(fs, "/".toPath()).filterKeys { !it.startsWith("/db") } shouldBe before
            fs.exists("/db/cp".toPath()) shouldBe false
            fs.exists("/db/sub".toPath()) shouldBe false
            db.checkpoint("/dbcopy".toPath()) // a sibling whose name starts with the store's is outside it
        }
        LsmStore.open("/dbcopy".toPath(), options(fs)).use { it.get("k99".toByteArray())!!.decodeToString() shouldBe "v99" }
        fs.checkNoOpenFiles()
    }

    test("backup metadata naming a file outside the restore target or the backup directory is refused, and nothing is written") {
        for ((what, edit) in listOf<Pair<String, (String) -> String>>(
            "which is not a table, log or manifest file name" to { line -> line.replaceFirst(Regex("^file (\\S+)"), "file ../../escaped.sst") },
            "outside shared/ and private/ID/" to { line -> line.replaceFirst(Regex("^file (\\S+) (\\S+)"), "file $1 shared/../../../db/CURRENT") },
            "outside shared/ and private/ID/" to { line -> line.replaceFirst(Regex("^file (\\S+) (\\S+)"), "file $1 /etc/passwd") },
        )) {
            val fs = CrashFileSystem()
            backedUp(fs)
            rewriteMetadata(fs, "/backups".toPath(), 1) { lines -> lines.map { if (it.startsWith("file ")) edit(it) else it } }
            Backups.open("/backups".toPath(), fs).use { b ->
                val before = tree(fs, "/".toPath())
                shouldThrow<CorruptionException> { b.verify(1) }.message shouldContain what
                shouldThrow<CorruptionException> { b.restore(1, "/restored".toPath()) }.message shouldContain what
                tree(fs, "/".toPath()) shouldBe before
                fs.exists("/escaped.sst".toPath()) shouldBe false
            }
            fs.checkNoOpenFiles()
        }
        // A manifest name that is not a manifest's is refused too.
        val fs = CrashFileSystem()
        backedUp(fs)
        rewriteMetadata(fs, "/backups".toPath(), 1) { lines -> lines.map { if (it.startsWith("manifest ")) "manifest ../CURRENT" else it } }
        Backups.open("/backups".toPath(), fs).use { b ->
            shouldThrow<CorruptionException> { b.restore(1, "/restored".toPath()) }.message shouldContain "not a manifest file name"
            fs.exists("/restored".toPath()) shouldBe false
        }
        fs.checkNoOpenFiles()
    }
})

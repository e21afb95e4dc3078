// Specification of CURRENT: written atomically and durably, read back; absence means a new
// store; malformed content is a CorruptionException.
package dev.cairn.lsm.internal.io

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.DirectorySync
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.FileSystem
import okio.ForwardingFileSystem
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.nio.file.Files

/** A fake file system that records directory syncs. */
internal class SyncRecordingFileSystem(val fake: FakeFileSystem = FakeFileSystem()) :
    ForwardingFileSystem(fake), DirectorySync {
    val synced = ArrayList<Path>()
    override fun syncDirectory(dir: Path) {
        synced += dir
    }
}

class CurrentFileSpec : FunSpec({

    fun roundTrip(fs: FileSystem, dir: Path) {
        CurrentFile.read(fs, dir).shouldBeNull()
        CurrentFile.write(fs, dir, "MANIFEST-000005")
        CurrentFile.read(fs, dir) shouldBe "MANIFEST-000005"
        CurrentFile.write(fs, dir, "MANIFEST-000009")
        CurrentFile.read(fs, dir) shouldBe "MANIFEST-000009"
        fs.read(dir / "CURRENT") { readUtf8() } shouldBe "MANIFEST-000009\n"
        fs.list(dir).map { it.name } shouldBe listOf("CURRENT")
    }

    test("CURRENT is written and read back on a fake file system") {
        val fs = FakeFileSystem()
        fs.createDirectories("/s".toPath())
        roundTrip(fs, "/s".toPath())
        fs.checkNoOpenFiles()
    }

    test("CURRENT is written and read back in a real directory") {
        val dir = Files.createTempDirectory("cairn-current")
        try {
            roundTrip(FileSystem.SYSTEM, dir.toString().toPath())
        } finally {
            dir.toFile().deleteRecursively()
        }
    }

    test("writing CURRENT syncs the directory when the file system can") {
        val fs = SyncRecordingFileSystem()
        fs.createDirectories("/s".toPath())
        CurrentFile.write(fs, "/s".toPath(), "MANIFEST-000001")
        fs.synced shouldBe listOf("/s".toPath())
        fs.fake.checkNoOpenFiles()
    }

    test("malformed CURRENT content is a CorruptionException") {
        val fs = FakeFileSystem()
        val dir = "/s".toPath()
        fs.createDirectories(dir)
        for (content in listOf("", "MANIFEST-000005", "000005.sst\n", "MANIFEST-5\n", "x".repeat(1000))) {
            fs.write(dir / "CURRENT") { writeUtf8(content) }
            shouldThrow<CorruptionException> { CurrentFile.read(fs, dir) }.message shouldContain "CURRENT"
        }
        fs.checkNoOpenFiles()
    }

    test("a non-manifest name is refused before anything is written") {
        val fs = FakeFileSystem()
        fs.createDirectories("/s".toPath())
        shouldThrow<IllegalArgumentException> { CurrentFile.write(fs, "/s".toPath(), "000001.sst") }
        fs.list("/s".toPath()) shouldBe emptyList()
        fs.checkNoOpenFiles()
    }
})

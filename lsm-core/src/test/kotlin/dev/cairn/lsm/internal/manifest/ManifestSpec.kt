// Specification of manifest files: many edits replay in order, a torn last record is dropped,
// damage before intact records and undecodable edits are refused.
package dev.cairn.lsm.internal.manifest

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.internal.wal.LogWriter
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import kotlin.random.Random

private val DIR = "/store".toPath()
private val MANIFEST = DIR / "MANIFEST-000005"

private fun FakeFileSystem.writeManifest(edits: List<VersionEdit>): List<Long> {
    createDirectories(DIR)
    val ends = ArrayList<Long>()
    ManifestWriter.create(this, DIR, 5).use { w ->
        w.fileName() shouldBe "MANIFEST-000005"
        for (e in edits) {
            w.append(e)
            ends += w.size()
        }
    }
    return ends
}

class ManifestSpec : FunSpec({

    test("many edits, crossing block edges, replay in order") {
        val random = Random(5)
        val edits = (0 until 1500).map { randomEdit(random) }
        val fs = FakeFileSystem()
        val ends = fs.writeManifest(edits)
        ends.last() shouldBe fs.metadata(MANIFEST).size
        (ends.last() > 3 * 32 * 1024) shouldBe true
        ManifestReader.read(fs, MANIFEST) shouldBe edits
        fs.checkNoOpenFiles()
    }

    test("a manifest cannot be created over an existing one") {
        val fs = FakeFileSystem()
        fs.writeManifest(listOf(fullEdit()))
        shouldThrow<java.io.IOException> { ManifestWriter.create(fs, DIR, 5) }
        fs.checkNoOpenFiles()
    }

    test("a torn last edit is dropped") {
        val edits = (0 until 20).map { randomEdit(Random(it.toLong())).setLastSequence(it.toLong()) }
        val probe = FakeFileSystem()
        val ends = probe.writeManifest(edits)
        for (cut in ends[18] + 1 until ends[19]) {
            val fs = FakeFileSystem()
            fs.writeManifest(edits)
            fs.openReadWrite(MANIFEST).use { it.resize(cut) }
            ManifestReader.read(fs, MANIFEST) shouldBe edits.take(19)
            fs.checkNoOpenFiles()
        }
    }

    test("damage before intact edits is refused, naming the file and offset") {
        val edits = (0 until 20).map { fullEdit().setLastSequence(it.toLong()) }
        val fs = FakeFileSystem()
        val ends = fs.writeManifest(edits)
        fs.openReadWrite(MANIFEST).use { it.write(ends[4] + 9, byteArrayOf(0x7F), 0, 1) }
        val e = shouldThrow<CorruptionException> { ManifestReader.read(fs, MANIFEST) }
        e.message shouldContain "MANIFEST-000005"
        e.message shouldContain "offset ${ends[4]}"
        fs.checkNoOpenFiles()
    }

    test("an intact record that does not decode as an edit is refused") {
        val fs = FakeFileSystem()
        val ends = fs.writeManifest(listOf(fullEdit()))
        LogWriter(fs.openReadWrite(MANIFEST), ends[0], "MANIFEST-000005").use {
            it.addRecord(byteArrayOf(42, 0), 0, 2)
        }
        val e = shouldThrow<CorruptionException> { ManifestReader.read(fs, MANIFEST) }
        e.message shouldContain "MANIFEST-000005"
        e.message shouldContain "unknown tag 42"
        e.message shouldContain "file offset ${ends[0]}"
        fs.checkNoOpenFiles()
    }
})

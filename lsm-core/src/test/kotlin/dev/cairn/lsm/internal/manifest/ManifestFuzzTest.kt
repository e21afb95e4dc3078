// Jazzer fuzz tests of the manifest decoders: VersionEdit.decode on any bytes, and
// ManifestReader on any file, raise CorruptionException or succeed, and nothing else (but the
// LsmException saying that a manifest beginning with an encryption header needs a key); an edit
// that decodes re-encodes to an equal edit. JUnit 5 (Jazzer runs on JUnit). Regression mode
// replays ManifestFuzzTestInputs/; JAZZER_FUZZ=1 fuzzes one method.
package dev.cairn.lsm.internal.manifest

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.internal.wal.LogReseal
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

class ManifestFuzzTest {
    private val fs = FakeFileSystem().apply { createDirectories(DIR) }

    /** One manifest record's payload. */
    @FuzzTest
    fun decodesVersionEdit(data: ByteArray) {
        val edit = try {
            VersionEdit.decode(data, "MANIFEST-000001")
        } catch (e: CorruptionException) {
            check(e.message!!.startsWith("MANIFEST-000001: ")) { "message does not name the file: ${e.message}" }
            return
        }
        val again = VersionEdit.decode(edit.encode(), "MANIFEST-000001")
        check(again == edit) { "decode(encode(edit)) differs: $edit vs $again" }
    }

    /** A whole manifest file as it is. */
    @FuzzTest
    fun readsManifest(data: ByteArray) = readManifest(data)

    /** A whole manifest file with its log checksums repaired: reaches the edit decoder. */
    @FuzzTest
    fun readsResealedManifest(data: ByteArray) = readManifest(LogReseal.reseal(data))

    private fun readManifest(image: ByteArray) {
        val path = DIR.resolve("MANIFEST-000001")
        fs.write(path) { write(image) }
        try {
            val edits = ManifestReader.read(fs, path)
            check(edits.size <= image.size) { "${edits.size} edits from ${image.size} bytes" }
        } catch (e: CorruptionException) {
            check(e.message!!.contains("MANIFEST-000001")) { "message does not name the file: ${e.message}" }
        } catch (e: LsmException) {
            check(e.message!!.contains("is encrypted: open it with its key")) { "unexpected LsmException: ${e.message}" }
        } finally {
            fs.delete(path)
            fs.checkNoOpenFiles()
        }
    }

    /** Seeds for the committed corpus (see FuzzCorpusGenerator). */
    companion object {
        private val DIR = "/db".toPath()

        /** @return seed inputs by method name, then by seed name */
        fun seeds(): Map<String, Map<String, ByteArray>> {
            val edits = listOf(
                VersionEdit().setLogNumber(3).setNextFileNumber(9).setLastSequence(120).setStrategy("leveled"),
                VersionEdit().addFile(0, file(7, "apple", "melon")).setLastSequence(121),
                VersionEdit().deleteFile(0, 7).addFile(1, file(8, "apple", "zebra")).addFile(1, file(9, "zoo", "zoo"))
                    .setNextFileNumber(12).setStrategy("time-window:3600000"),
                VersionEdit(),
            )
            val encoded = edits.map { it.encode() }
            val editSeeds = linkedMapOf(
                "counters" to encoded[0],
                "added-file" to encoded[1],
                "deleted-and-added" to encoded[2],
                "truncated" to encoded[2].copyOf(encoded[2].size - 5),
                "unknown-tag" to byteArrayOf(42, 1),
                "bad-level" to byteArrayOf(VersionEdit.TAG_DELETED_FILE.toByte(), 0x7F, 1),
                "forged-key-length" to byteArrayOf(VersionEdit.TAG_ADDED_FILE.toByte(), 0, 1, 100,
                    0xFF.toByte(), 0xFF.toByte(), 0xFF.toByte(), 0xFF.toByte(), 0x0F),
                "bad-utf8" to byteArrayOf(VersionEdit.TAG_STRATEGY.toByte(), 2, 0xC3.toByte(), 0x28),
            )
            val fs = FakeFileSystem().apply { createDirectories(DIR) }
            ManifestWriter.create(fs, DIR, 1).use { w -> edits.forEach { w.append(it) } }
            val manifest = fs.read(DIR.resolve("MANIFEST-000001")) { readByteArray() }
            val second = 7 + encoded[0].size
            val fileSeeds = linkedMapOf(
                "manifest" to manifest,
                "torn-tail" to manifest.copyOf(manifest.size - 10),
                "flipped-byte" to manifest.copyOf().also { it[second + 9] = (it[second + 9].toInt() xor 4).toByte() },
                "bad-edit" to manifest.copyOf().also { it[second + 7] = 42 },
            )
            return mapOf("decodesVersionEdit" to editSeeds, "readsManifest" to fileSeeds, "readsResealedManifest" to fileSeeds)
        }

        private fun file(number: Long, smallest: String, largest: String) = FileMetadata(
            number, 4096, smallest.encodeToByteArray() + ByteArray(8), largest.encodeToByteArray() + ByteArray(8),
            1, 50, 1_700_000_000_000L, 1_700_000_100_000L, 40, 3, 1, 1_700_000_200_000L,
        )
    }
}

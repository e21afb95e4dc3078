// Specifies that encryption left plain stores alone: a store written by the code before
// encrypted formats existed (the fixture plain-store-v1, written by PlainStoreFixtureGenerator at
// commit f848f5b) opens and reads back, and the same workload run now, without encryption,
// writes the same bytes in every file but the tables, which hold the same entries (their data
// blocks gained a hash index in session 15: docs/format.md, "Data-block hash index"), and the
// manifest, which holds the same edits but for those tables' sizes.
package dev.cairn.lsm.compat

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.internal.manifest.ManifestReader
import dev.cairn.lsm.internal.sstable.TableReader
import dev.cairn.lsm.internal.sstable.forwardScan
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.io.File

private fun fixtureFiles(): Map<String, ByteArray> {
    val dir = File(PlainFormatSpec::class.java.getResource("/dev/cairn/lsm/compat/plain-store-v1")!!.toURI())
    return dir.listFiles()!!.sortedBy { it.name }.associate { it.name to it.readBytes() }
}

/** A table's entries, as "key=value" of their bytes, read from its [image]. */
private fun tableEntries(image: ByteArray): List<String> {
    val fs = FakeFileSystem()
    val path = "/000001.sst".toPath()
    fs.write(path) { write(image) }
    return TableReader.open(fs, path, 1, null).use { t ->
        t.newIterator(true).use { it.forwardScan() }.map { "${it.key.toList()}=${it.value.toList()}" }
    }
}

/** A manifest's edits as text, each table's size left out, read from its [image]. */
private fun editsButTableSizes(image: ByteArray): List<String> {
    val fs = FakeFileSystem()
    val path = "/MANIFEST-000001".toPath()
    fs.write(path) { write(image) }
    return ManifestReader.read(fs, path).map { it.toString().replace(Regex(", \\d+ bytes, "), ", _ bytes, ") }
}

class PlainFormatSpec : FunSpec({

    test("a store written by the previous format opens and reads back every entry") {
        val fs = FakeFileSystem()
        val dir = PlainStoreWorkload.DIR.toPath()
        fs.createDirectories(dir)
        for ((name, bytes) in fixtureFiles()) fs.write(dir.resolve(name)) { write(bytes) }
        val expected = PlainStoreWorkload.write(FakeFileSystem(), dir)
        LsmStore.open(dir, PlainStoreWorkload.options(fs)).use { db ->
            val actual = LinkedHashMap<String, String>()
            db.newCursor().use { c ->
                c.seekToFirst()
                while (c.isValid) { actual[c.key().decodeToString()] = c.value().decodeToString(); c.next() }
            }
            actual shouldBe expected
            for ((k, v) in expected) db.get(k.encodeToByteArray())?.decodeToString() shouldBe v
        }
        fs.checkNoOpenFiles()
    }

    test("without encryption, today's code writes the previous format's bytes in every file but the tables, which hold the same entries, and the manifest, which sizes them") {
        val fs = FakeFileSystem()
        val dir = PlainStoreWorkload.DIR.toPath()
        PlainStoreWorkload.write(fs, dir)
        val written = fs.list(dir).associate { it.name to fs.read(it) { readByteArray() } }
        val fixture = fixtureFiles()
        written.keys shouldBe fixture.keys
        for ((name, bytes) in fixture) {
            withClue(name) {
                if (name.endsWith(".sst")) {
                    tableEntries(written[name]!!) shouldBe tableEntries(bytes)
                } else if (name.startsWith("MANIFEST-")) {
                    editsButTableSizes(written[name]!!) shouldBe editsButTableSizes(bytes)
                } else {
                    written[name]!!.contentEquals(bytes) shouldBe true
                }
            }
        }
    }
})

// Specifies that value separation leaves older stores readable: a store written by the code before
// blob files existed (the fixture pre-blob-store-v1, written by PreBlobStoreFixtureGenerator at
// commit 8a197d5) opens with separation on and reads back; new large values then go to blob files
// beside the old inline ones, through flushes, compactions and reopens, and with separation off
// again everything still reads.
package dev.cairn.lsm.compat

import dev.cairn.lsm.LsmStore
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.io.File

private fun readAll(db: LsmStore): Map<String, String> {
    val out = LinkedHashMap<String, String>()
    db.newCursor().use { c ->
        c.seekToFirst()
        while (c.isValid) { out[c.key().decodeToString()] = c.value().decodeToString(); c.next() }
    }
    return out
}

private fun check(db: LsmStore, expected: Map<String, String>) {
    readAll(db) shouldBe expected
    for ((k, v) in expected) withClue(k) { db.get(k.encodeToByteArray())?.decodeToString() shouldBe v }
}

private fun blobs(fs: FileSystem, dir: Path) = fs.list(dir).count { it.name.endsWith(".blob") }

class PreBlobFormatSpec : FunSpec({
    test("a store written before blob files existed opens with separation on, reads back, and takes separated values") {
        val fs = FakeFileSystem()
        val dir = PreBlobStoreWorkload.DIR.toPath()
        fs.createDirectories(dir)
        val fixture = File(PreBlobFormatSpec::class.java.getResource("/dev/cairn/lsm/compat/pre-blob-store-v1")!!.toURI())
        for (f in fixture.listFiles()!!) fs.write(dir.resolve(f.name)) { write(f.readBytes()) }
        val expected = PreBlobStoreWorkload.write(FakeFileSystem(), dir).toMutableMap()
        val on = PreBlobStoreWorkload.options(fs).toBuilder().valueSeparationThreshold(1024).build()
        LsmStore.open(dir, on).use { db ->
            check(db, expected)
            for (i in 0 until 24 step 2) {
                val k = "k%02d".format(i)
                db.put(k.encodeToByteArray(), PreBlobStoreWorkload.value(i, 3).encodeToByteArray())
                expected[k] = PreBlobStoreWorkload.value(i, 3)
            }
            db.flush()
            check(db, expected)
            db.compactRange(null, null)
            check(db, expected)
        }
        // Counted once the store is closed: FakeFileSystem.list is not safe beside background writes.
        blobs(fs, dir) shouldBeGreaterThan 0
        LsmStore.open(dir, on).use { db -> check(db, expected) }
        LsmStore.open(dir, PreBlobStoreWorkload.options(fs)).use { db -> check(db, expected) }
        fs.checkNoOpenFiles()
    }
})

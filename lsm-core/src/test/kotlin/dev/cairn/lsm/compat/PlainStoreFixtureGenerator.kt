// Writes the plain-format fixture: the files PlainStoreWorkload leaves, under
// src/test/resources/dev/cairn/lsm/compat/plain-store-v1/. Not part of the suite (its name matches
// neither *Spec nor *Test); it was run once on the code before encrypted formats existed
// (commit f848f5b), and is kept to show how the fixture came about:
//   mvn -B -o test -pl lsm-core -Dtest=PlainStoreFixtureGenerator
// Single-threaded test code.
package dev.cairn.lsm.compat

import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import org.junit.jupiter.api.Test
import java.io.File

class PlainStoreFixtureGenerator {
    /** Replaces the fixture's files with those the workload writes now. */
    @Test
    fun writeFixture() {
        val fs = FakeFileSystem()
        val dir = PlainStoreWorkload.DIR.toPath()
        PlainStoreWorkload.write(fs, dir)
        val out = File("src/test/resources/dev/cairn/lsm/compat/plain-store-v1")
        out.deleteRecursively()
        out.mkdirs()
        for (file in fs.list(dir)) File(out, file.name).writeBytes(fs.read(file) { readByteArray() })
    }
}

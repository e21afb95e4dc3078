// Writes the pre-blob fixture: the files PreBlobStoreWorkload leaves, under
// src/test/resources/dev/cairn/lsm/compat/pre-blob-store-v1/. Not part of the suite (its name
// matches neither *Spec nor *Test); it was run once on the code before value separation existed
// (commit 8a197d5, exported with git archive), and is kept to show how the fixture came about:
//   mvn -B -o test -pl lsm-core -Dtest=PreBlobStoreFixtureGenerator
// Single-threaded test code.
package dev.cairn.lsm.compat

import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import org.junit.jupiter.api.Test
import java.io.File

class PreBlobStoreFixtureGenerator {
    /** Replaces the fixture's files with those the workload writes now. */
    @Test
    fun writeFixture() {
        val fs = FakeFileSystem()
        val dir = PreBlobStoreWorkload.DIR.toPath()
        PreBlobStoreWorkload.write(fs, dir)
        val out = File("src/test/resources/dev/cairn/lsm/compat/pre-blob-store-v1")
        out.deleteRecursively()
        out.mkdirs()
        for (file in fs.list(dir)) File(out, file.name).writeBytes(fs.read(file) { readByteArray() })
    }
}

// Writes the pre-blob-refs fixture: the files PreBlobRefsStoreWorkload leaves, under
// src/test/resources/dev/cairn/lsm/compat/pre-blob-refs-v1/. Not part of the suite (its name
// matches neither *Spec nor *Test); it was run once on the code before tables recorded their blob
// references (commit 8022af5, exported with git archive), and is kept to show how the fixture
// came about:
//   mvn -B -o test -pl lsm-core -Dtest=PreBlobRefsStoreFixtureGenerator
// Single-threaded test code.
package dev.cairn.lsm.compat

import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import org.junit.jupiter.api.Test
import java.io.File

class PreBlobRefsStoreFixtureGenerator {
    /** Replaces the fixture's files with those the workload writes now. */
    @Test
    fun writeFixture() {
        val fs = FakeFileSystem()
        val dir = PreBlobRefsStoreWorkload.DIR.toPath()
        PreBlobRefsStoreWorkload.write(fs, dir)
        val out = File("src/test/resources/dev/cairn/lsm/compat/pre-blob-refs-v1")
        out.deleteRecursively()
        out.mkdirs()
        for (file in fs.list(dir)) File(out, file.name).writeBytes(fs.read(file) { readByteArray() })
    }
}

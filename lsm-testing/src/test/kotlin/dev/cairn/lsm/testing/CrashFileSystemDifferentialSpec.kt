// Specifies that, crashes aside, a CrashFileSystem answers like Okio's FakeFileSystem: the same
// random sequence of writes, appends, truncations, renames and deletes leaves the same listing and
// the same bytes in both.
package dev.cairn.lsm.testing

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Buffer
import okio.FileSystem
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.util.Random

class CrashFileSystemDifferentialSpec : FunSpec({

    test("random file operations leave the same files and bytes as FakeFileSystem") {
        val dir = "/d".toPath()
        for (seed in 1L..10L) {
            val random = Random(seed)
            val crash = CrashFileSystem()
            val fake = FakeFileSystem().apply { allowMovingOpenFiles = true; allowDeletingOpenFiles = true }
            val systems = listOf<FileSystem>(crash, fake)
            systems.forEach { it.createDirectory(dir) }
            val names = (0 until 4).map { dir / "f$it" }
            repeat(300) { step ->
                val a = names[random.nextInt(names.size)]
                val b = names[random.nextInt(names.size)]
                val bytes = ByteArray(random.nextInt(40)) { random.nextInt(256).toByte() }
                val offset = random.nextInt(60).toLong()
                val op = random.nextInt(6)
                val outcomes = systems.map { fs ->
                    runCatching {
                        when (op) {
                            0 -> fs.openReadWrite(a).use { it.write(offset, bytes, 0, bytes.size); it.flush() }
                            1 -> fs.sink(a).use { it.write(Buffer().write(bytes), bytes.size.toLong()) }
                            2 -> fs.appendingSink(a).use { it.write(Buffer().write(bytes), bytes.size.toLong()) }
                            3 -> fs.openReadWrite(a, mustCreate = false, mustExist = true).use { it.resize(offset) }
                            4 -> fs.atomicMove(a, b)
                            else -> fs.delete(a, mustExist = false)
                        }
                    }.isSuccess
                }
                withClue("seed $seed step $step op $op") {
                    outcomes[0] shouldBe outcomes[1]
                    crash.list(dir) shouldBe fake.list(dir)
                    for (p in crash.list(dir)) {
                        crash.read(p) { readByteString() } shouldBe fake.read(p) { readByteString() }
                        crash.metadata(p).size shouldBe fake.metadata(p).size
                    }
                }
                if (random.nextInt(10) == 0) crash.syncDirectory(dir)
            }
            crash.checkNoOpenFiles()
        }
    }
})

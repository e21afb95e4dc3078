// Specifies FaultFileSystem: operations are counted by kind, rules fire exactly at the n-th
// matching operation (once or from then on), a failed operation has no effect, disk-full writes
// what fits then fails, and clearFaults restores normal service.
package dev.cairn.lsm.testing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.Buffer
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private val dir = "/db".toPath()

private fun FileSystem.put(path: Path, text: String) {
    openReadWrite(path).use { h ->
        val bytes = text.encodeToByteArray()
        h.write(0, bytes, 0, bytes.size)
        h.flush()
    }
}

private fun FileSystem.text(path: Path): String = read(path) { readUtf8() }

/** A small workload touching every kind of operation; returns normally only if nothing failed. */
private fun workload(fs: FaultFileSystem) {
    fs.createDirectories(dir)
    fs.put(dir / "a.tmp", "hello")                 // OPEN, WRITE, SYNC
    fs.syncDirectory(dir)                          // SYNC
    fs.atomicMove(dir / "a.tmp", dir / "a")        // RENAME
    fs.list(dir)                                   // LIST
    fs.metadata(dir / "a")                         // METADATA
    fs.text(dir / "a")                             // OPEN, READ...
    fs.delete(dir / "a")                           // DELETE
}

class FaultFileSystemSpec : FunSpec({

    test("operations are counted by kind") {
        val fs = FaultFileSystem(FakeFileSystem())
        fs.createDirectory(dir)
        fs.put(dir / "a", "x")
        fs.atomicMove(dir / "a", dir / "b")
        fs.list(dir)
        fs.metadataOrNull(dir / "b")
        fs.delete(dir / "b")
        fs.syncDirectory(dir)
        fs.count(FaultOperation.CREATE_DIRECTORY) shouldBe 1
        fs.count(FaultOperation.OPEN) shouldBe 1
        fs.count(FaultOperation.WRITE) shouldBe 1
        fs.count(FaultOperation.SYNC) shouldBe 2
        fs.count(FaultOperation.RENAME) shouldBe 1
        fs.count(FaultOperation.LIST) shouldBe 1
        fs.count(FaultOperation.METADATA) shouldBe 1
        fs.count(FaultOperation.DELETE) shouldBe 1
        fs.totalCount() shouldBe 9
        fs.faultsInjected() shouldBe 0
        fs.resetCounts()
        fs.totalCount() shouldBe 0
    }

    test("a once rule fails exactly the n-th matching operation and no other") {
        val fs = FaultFileSystem(FakeFileSystem())
        fs.createDirectory(dir)
        fs.failNth(FaultOperation.WRITE, 3)
        fs.put(dir / "1", "a")
        fs.put(dir / "2", "b")
        val e = shouldThrow<InjectedFaultException> { fs.put(dir / "3", "c") }
        e.operation() shouldBe FaultOperation.WRITE
        e.path() shouldBe dir / "3"
        e.message shouldContain "WRITE"
        fs.put(dir / "4", "d")
        fs.put(dir / "3", "c")
        fs.faultsInjected() shouldBe 1
    }

    test("a persistent rule fails the n-th matching operation and every one after it") {
        val fs = FaultFileSystem(FakeFileSystem())
        fs.createDirectory(dir)
        fs.failFromNth(FaultOperation.SYNC, 2)
        fs.put(dir / "1", "a")
        repeat(3) { shouldThrow<InjectedFaultException> { fs.put(dir / "2", "b") } }
        fs.faultsInjected() shouldBe 3
        fs.clearFaults()
        fs.put(dir / "2", "b")
        fs.text(dir / "2") shouldBe "b"
    }

    test("a failed operation has no effect") {
        val fake = FakeFileSystem()
        val fs = FaultFileSystem(fake)
        fs.createDirectory(dir)
        fs.put(dir / "a", "x")
        fs.failNth(FaultOperation.RENAME, 1)
        shouldThrow<InjectedFaultException> { fs.atomicMove(dir / "a", dir / "b") }
        fake.exists(dir / "a") shouldBe true
        fake.exists(dir / "b") shouldBe false
        fs.failNth(FaultOperation.DELETE, 1)
        shouldThrow<InjectedFaultException> { fs.delete(dir / "a") }
        fake.exists(dir / "a") shouldBe true
        fs.failNth(FaultOperation.OPEN, 1)
        shouldThrow<InjectedFaultException> { fs.openReadWrite(dir / "c") }
        fake.exists(dir / "c") shouldBe false
        fake.checkNoOpenFiles()
    }

    test("read faults strike handles and sources") {
        val fs = FaultFileSystem(FakeFileSystem())
        fs.createDirectory(dir)
        fs.put(dir / "a", "hello")
        fs.failNth(FaultOperation.READ, 1)
        shouldThrow<InjectedFaultException> { fs.text(dir / "a") }
        fs.failNth(FaultOperation.READ, 1)
        fs.openReadOnly(dir / "a").use { h ->
            shouldThrow<InjectedFaultException> { h.read(0, ByteArray(5), 0, 5) }
            h.read(0, ByteArray(5), 0, 5) shouldBe 5
        }
    }

    test("listOrNull reports an injected list fault as null") {
        val fs = FaultFileSystem(FakeFileSystem())
        fs.createDirectory(dir)
        fs.failNth(FaultOperation.LIST, 1)
        fs.listOrNull(dir) shouldBe null
        fs.listOrNull(dir) shouldBe emptyList()
    }

    test("a path filter restricts which operations count") {
        val fs = FaultFileSystem(FakeFileSystem())
        fs.createDirectory(dir)
        fs.add(FaultRule.nth(FaultOperation.WRITE, 2).onPaths { it.name.endsWith(".sst") })
        fs.put(dir / "1.sst", "a")
        fs.put(dir / "2.wal", "b")
        fs.put(dir / "3.wal", "c")
        shouldThrow<InjectedFaultException> { fs.put(dir / "4.sst", "d") }
    }

    test("disk full writes what fits, then fails every write until cleared") {
        val fake = FakeFileSystem()
        val fs = FaultFileSystem(fake)
        fs.createDirectory(dir)
        fs.diskFull(4)
        val e = shouldThrow<InjectedFaultException> { fs.write(dir / "a") { writeUtf8("0123456789") } }
        e.message shouldContain "No space left on device"
        fake.text(dir / "a") shouldBe "0123"
        shouldThrow<InjectedFaultException> { fs.put(dir / "b", "x") }
        fs.clearFaults()
        fs.put(dir / "b", "x")
        fake.text(dir / "b") shouldBe "x"
        fake.checkNoOpenFiles()
    }

    test("disk full applies to handle writes too") {
        val fs = FaultFileSystem(FakeFileSystem())
        fs.createDirectory(dir)
        fs.diskFull(3)
        fs.openReadWrite(dir / "a").use { h ->
            h.write(0, "ab".encodeToByteArray(), 0, 2)
            shouldThrow<InjectedFaultException> { h.write(2, "cd".encodeToByteArray(), 0, 2) }
            h.size() shouldBe 3L
        }
    }

    test("directory syncs are counted and forwarded to a CrashFileSystem") {
        val crash = CrashFileSystem()
        val fs = FaultFileSystem(crash)
        fs.createDirectory(dir)
        fs.put(dir / "a", "x")
        fs.syncDirectory(dir)
        crash.directorySyncCount() shouldBe 1
        crash.crashClone().text(dir / "a") shouldBe "x"
        fs.failNth(FaultOperation.SYNC, 1)
        shouldThrow<InjectedFaultException> { fs.put(dir / "b", "y") } // its handle flush is that sync
        crash.unsyncedPaths().contains(dir / "b") shouldBe true
    }

    test("a sweep fails each operation of a workload in turn, exactly once") {
        val probe = FaultFileSystem(FakeFileSystem())
        workload(probe)
        val k = probe.totalCount()
        (k > 10) shouldBe true
        for (n in 1..k) {
            val fake = FakeFileSystem()
            val fs = FaultFileSystem(fake)
            fs.add(FaultRule.nthOfAny(n))
            val failure = runCatching { workload(fs) }.exceptionOrNull()
            withClue("n=$n") {
                (failure is InjectedFaultException) shouldBe true
                fs.faultsInjected() shouldBe 1
            }
            fake.checkNoOpenFiles()
        }
        val beyond = FaultFileSystem(FakeFileSystem())
        beyond.add(FaultRule.nthOfAny(k + 1))
        workload(beyond)
        beyond.faultsInjected() shouldBe 0
    }

    test("a rule counts from the moment it is added") {
        val fs = FaultFileSystem(FakeFileSystem())
        fs.createDirectory(dir)
        repeat(5) { fs.put(dir / "x$it", "x") }
        fs.failNth(FaultOperation.OPEN, 1)
        shouldThrow<InjectedFaultException> { fs.put(dir / "y", "y") }
    }

    test("a rule refuses n below 1") {
        shouldThrow<IllegalArgumentException> { FaultRule.nth(FaultOperation.READ, 0) }
    }
})

class FaultFileSystemObserverSpec : FunSpec({
    test("the observer sees every operation before it runs, failed ones included") {
        val seen = mutableListOf<Pair<FaultOperation, String>>()
        val fs = FaultFileSystem(FakeFileSystem()).observe { op, path -> seen += op to path.name }
        fs.createDirectory(dir)
        fs.failNth(FaultOperation.RENAME, 1)
        fs.put(dir / "a", "x")
        shouldThrow<InjectedFaultException> { fs.atomicMove(dir / "a", dir / "b") }
        seen shouldBe listOf(
            FaultOperation.CREATE_DIRECTORY to "db",
            FaultOperation.OPEN to "a",
            FaultOperation.WRITE to "a",
            FaultOperation.SYNC to "a",
            FaultOperation.RENAME to "a",
        )
    }
})

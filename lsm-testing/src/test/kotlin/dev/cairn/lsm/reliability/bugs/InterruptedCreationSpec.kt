// Engine bug, found by IoErrorSweepSpec (seed 7100): creating a store writes MANIFEST-000002
// before CURRENT; if the first open fails (an I/O error) or the power is cut between the two, the
// directory holds a manifest but no CURRENT, and every later open refuses it ("store directory
// holds store files but no CURRENT file"): the store can never be opened again, although nothing
// was ever written to it. A manifest no CURRENT names, in a store that never had a CURRENT, can
// be discarded (LevelDB creates the database afresh in that case).
package dev.cairn.lsm.reliability.bugs

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.reliability.StoreConfigs
import dev.cairn.lsm.testing.CrashFileSystem
import dev.cairn.lsm.testing.FaultFileSystem
import dev.cairn.lsm.testing.FaultOperation
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath

class InterruptedCreationSpec : FunSpec({
    val dir = "/db".toPath()

    test("a store whose first open failed before CURRENT was installed can be opened once the fault is gone") {
        val disk = CrashFileSystem()
        val fs = FaultFileSystem(disk)
        fs.failNth(FaultOperation.RENAME, 1) // installing CURRENT
        shouldThrow<LsmException> { LsmStore.open(dir, StoreConfigs.tiny(fs)) }
        fs.clearFaults()
        LsmStore.open(dir, StoreConfigs.tiny(fs)).use { store ->
            store.put("k".encodeToByteArray(), "v".encodeToByteArray())
            store.get("k".encodeToByteArray())?.decodeToString() shouldBe "v"
        }
    }

    test("a power cut while a store is being created leaves a directory that opens") {
        val disk = CrashFileSystem()
        var crashed: CrashFileSystem? = null
        val fs = FaultFileSystem(disk).observe { op, _ -> if (op == FaultOperation.RENAME && crashed == null) crashed = disk.crashClone() }
        LsmStore.open(dir, StoreConfigs.tiny(fs)).close()
        LsmStore.open(dir, StoreConfigs.tiny(crashed!!)).use { store ->
            store.get("k".encodeToByteArray()) shouldBe null
        }
    }
})

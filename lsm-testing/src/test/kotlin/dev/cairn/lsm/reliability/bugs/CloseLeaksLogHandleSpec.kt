// Engine bug, found by IoErrorSweepSpec (seeds 7100, 7200): at a memtable switch,
// StoreState.switchMemtable (now WriteSide.switchMemtable) did `old.sync(); old.close();` inside
// one try whose IOException is ignored, so when syncing the old write-ahead log fails its handle
// is never closed — it stays open for the life of the process (and the store's close does not
// release it either). The close belongs in a finally.
package dev.cairn.lsm.reliability.bugs

import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.reliability.StoreConfigs
import dev.cairn.lsm.testing.CrashFileSystem
import dev.cairn.lsm.testing.FaultFileSystem
import dev.cairn.lsm.testing.FaultOperation
import io.kotest.core.spec.style.FunSpec
import okio.Path.Companion.toPath

class CloseLeaksLogHandleSpec : FunSpec({

    test("a log whose sync fails at a memtable switch is still closed") {
        val disk = CrashFileSystem()
        val fs = FaultFileSystem(disk)
        val store = LsmStore.open("/db".toPath(), StoreConfigs.tiny(fs).toBuilder().scheduler(HeldScheduler()).build())
        fs.failNth(FaultOperation.SYNC, 1) // unsynced writes: the first sync is the old log's, at the switch
        try {
            repeat(3) { store.put("k$it".encodeToByteArray(), ByteArray(3000), WriteOptions.noSync()) }
        } catch (e: LsmException) {
            // reporting the failed sync is fine; leaking the handle is not
        }
        fs.clearFaults()
        try {
            store.close()
        } catch (e: LsmException) {
        }
        disk.checkNoOpenFiles()
    }
})

// Engine bug, found by CrashPointSpec (seed 41000): a memtable switch creates the next
// write-ahead log (StoreState.switchMemtable -> openLog, now WriteSide.switchMemtable ->
// LogFiles.create) without syncing the store directory, so the new log's name is not durable. Writes acknowledged with WriteOptions.sync() into that log are
// fsynced as bytes, but a power cut before the next directory sync (a flush's) removes the whole
// file: synced writes are lost. Creating a log must be followed by a directory sync before any
// write to it is acknowledged as synced.
package dev.cairn.lsm.reliability.bugs

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.reliability.StoreConfigs
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath

class NewLogNotDirSyncedSpec : FunSpec({

    test("a synced write into a log created by a memtable switch survives a power cut") {
        val fs = CrashFileSystem()
        val dir = "/db".toPath()
        // Flushes are held, so no flush's directory sync can hide the missing one.
        val options = StoreConfigs.tiny(fs).toBuilder().scheduler(HeldScheduler()).build()
        val store = LsmStore.open(dir, options)
        repeat(3) { store.put("fill$it".encodeToByteArray(), ByteArray(2000) { 1 }, WriteOptions.sync()) }
        store.put("synced".encodeToByteArray(), "yes".encodeToByteArray(), WriteOptions.sync())
        val afterPowerCut = fs.crashClone()
        store.close()
        LsmStore.open(dir, options.toBuilder().fileSystem(afterPowerCut).scheduler(null).build()).use { recovered ->
            recovered.get("synced".encodeToByteArray())?.decodeToString() shouldBe "yes"
            repeat(3) { recovered.get("fill$it".encodeToByteArray())?.size shouldBe 2000 }
        }
    }
})

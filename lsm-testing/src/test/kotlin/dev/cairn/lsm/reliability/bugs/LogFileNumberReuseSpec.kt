// Engine bug, found by MetamorphicSpec (seed 3300, time-window configuration): recovery does not
// mark the numbers of the write-ahead logs it finds as used, so when a log was created after the
// manifest's last edit (a memtable switch whose flush never completed: cancelled by close, or cut
// by a crash), the reopened store picks that same number for its new log and open fails with
// "already exists: /db/0000NN.wal". LevelDB calls MarkFileNumberUsed for each log it replays.
package dev.cairn.lsm.reliability.bugs

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.reliability.StoreConfigs
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath

class LogFileNumberReuseSpec : FunSpec({

    test("a store closed after a memtable switch whose flush never ran reopens with its writes") {
        val fs = CrashFileSystem()
        val dir = "/db".toPath()
        val options = StoreConfigs.tiny(fs).toBuilder().scheduler(HeldScheduler()).build()
        LsmStore.open(dir, options).use { store ->
            // 4096-byte memtable: every second or third 2000-byte value switches the memtable (a new log),
            // so two logs exist that no manifest edit has counted.
            repeat(6) { store.put("k$it".encodeToByteArray(), ByteArray(2000) { 7 }) }
        }
        LsmStore.open(dir, options.toBuilder().scheduler(null).build()).use { store ->
            repeat(6) { (store.get("k$it".encodeToByteArray())?.size) shouldBe 2000 }
        }
    }
})

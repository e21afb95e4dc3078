// Engine bug, found by IoErrorSweepSpec (seeds 7100, 7200): every open writes a fresh manifest
// (VersionSet.recover -> writeNewManifest, created with mustCreate). When that write fails, the
// partial MANIFEST-0000NN stays in the directory and CURRENT still names the old manifest, whose
// next-file-number did not move; so every later open picks the same number and fails with
// "already exists: /db/MANIFEST-0000NN". One transient I/O error during open locks the store
// out for good. (Same family as LogFileNumberReuseSpec: numbers of files found in the directory
// are not treated as used, and leftovers of a failed attempt are not removed first.)
package dev.cairn.lsm.reliability.bugs

import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.reliability.StoreConfigs
import dev.cairn.lsm.testing.CrashFileSystem
import dev.cairn.lsm.testing.FaultFileSystem
import dev.cairn.lsm.testing.FaultOperation
import dev.cairn.lsm.testing.FaultRule
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath

class LeftoverManifestSpec : FunSpec({

    test("an open that failed while writing its new manifest does not stop the next open") {
        val dir = "/db".toPath()
        val disk = CrashFileSystem()
        LsmStore.open(dir, StoreConfigs.tiny(disk)).use { it.put("k".encodeToByteArray(), "v".encodeToByteArray()) }
        val fs = FaultFileSystem(disk)
        fs.add(FaultRule.nth(FaultOperation.WRITE, 1).onPaths { it.name.startsWith("MANIFEST") })
        shouldThrow<LsmException> { LsmStore.open(dir, StoreConfigs.tiny(fs)) }
        fs.clearFaults()
        LsmStore.open(dir, StoreConfigs.tiny(fs)).use { store ->
            store.get("k".encodeToByteArray())?.decodeToString() shouldBe "v"
        }
    }
})

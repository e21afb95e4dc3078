// Engine bug, found by IoErrorSweepSpec's disk-full case (seed 7300): when a manual compaction
// cannot write its output (disk full, I/O error), compactRange throws java.io.UncheckedIOException
// from TableBuilder.write straight to the caller instead of an LsmException, breaking the public
// contract that failures surface as LsmException (BackgroundErrorException here).
package dev.cairn.lsm.reliability.bugs

import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.reliability.StoreConfigs
import dev.cairn.lsm.testing.CrashFileSystem
import dev.cairn.lsm.testing.FaultFileSystem
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath

class CompactRangeUncheckedIoSpec : FunSpec({

    test("compactRange on a full disk fails with an LsmException") {
        val fs = FaultFileSystem(CrashFileSystem())
        LsmStore.open("/db".toPath(), StoreConfigs.tiny(fs)).use { store ->
            repeat(2) { round ->
                repeat(20) { store.put("k$it".encodeToByteArray(), "round $round".encodeToByteArray()) }
                store.flush()
            }
            fs.diskFull(0)
            val thrown = runCatching { store.compactRange(null, null) }.exceptionOrNull()
            fs.clearFaults()
            if (thrown != null && thrown !is LsmException) throw AssertionError("expected an LsmException, got $thrown", thrown)
            store.get("k1".encodeToByteArray())?.decodeToString() shouldBe "round 1"
        }
    }
})

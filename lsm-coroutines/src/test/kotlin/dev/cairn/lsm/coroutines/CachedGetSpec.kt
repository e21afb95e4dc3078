// Specification of Store.get's in-memory path: a key the memtables or the block cache can answer
// is read on the caller's dispatcher without a hop to Dispatchers.IO; a read that needs the disk
// is still answered (through Dispatchers.IO). Also: non-sync puts that this caller commits itself notify observers.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.coroutines.testing.TEST_DIR
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openEngineStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.ReadTier
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import okio.fakefilesystem.FakeFileSystem
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.CoroutineContext

/** Forwards to [inner], counting every dispatch: each one is a hop back onto this dispatcher. */
private class CountingDispatcher(private val inner: CoroutineDispatcher) : CoroutineDispatcher() {
    val dispatches = AtomicInteger()

    override fun dispatch(context: CoroutineContext, block: Runnable) {
        dispatches.incrementAndGet()
        inner.dispatch(context, block)
    }
}

/** A memory-only read of the latest value: the value, null, or [NEEDS_IO]. */
private val NEEDS_IO = ByteArray(0)
private val MEMORY = ReadOptions.defaults().readTier(ReadTier.MEMORY_ONLY)

private fun LsmStore.memoryGet(key: ByteArray): ByteArray? = getOrIncomplete(key, MEMORY, NEEDS_IO)

class CachedGetSpec : FunSpec({
    test("a get the memtable answers runs on the caller's dispatcher without a hop") {
        val store = openEngineStore(FakeFileSystem())
        try {
            store.put("k".b, "v".b)
            val counting = CountingDispatcher(Dispatchers.Default)
            withContext(counting) {
                val before = counting.dispatches.get()
                store.get("k".b)!!.decodeToString() shouldBe "v"
                store.get("absent".b) shouldBe null
                counting.dispatches.get() shouldBe before
            }
        } finally {
            store.close()
        }
    }

    test("a get that needs the disk is read through, and once its block is cached the next get is answered in place") {
        val fs = FakeFileSystem()
        openEngineStore(fs).let { s ->
            s.put("k".b, "v".b)
            s.flush()
            s.close()
        }
        var engine: LsmStore? = null
        val store = Store.open(TEST_DIR, null, fs, {}) { d, options -> LsmStore.open(d, options).also { engine = it } }
        try {
            // Right after the reopen the block is on disk only: the in-memory read cannot answer.
            engine!!.memoryGet("k".b) shouldBeSameInstanceAs NEEDS_IO
            val counting = CountingDispatcher(Dispatchers.Default)
            withContext(counting) {
                // This get reads on Dispatchers.IO. Whether coming back costs a dispatch is a race
                // (withContext returns without one when the IO block ends before the caller
                // suspends), so only the answer is checked here.
                store.get("k".b)!!.decodeToString() shouldBe "v"
                engine!!.memoryGet("k".b)!!.decodeToString() shouldBe "v"
                val cached = counting.dispatches.get()
                store.get("k".b)!!.decodeToString() shouldBe "v"
                counting.dispatches.get() shouldBe cached
            }
        } finally {
            store.close()
        }
    }
})

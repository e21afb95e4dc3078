// Specification of Store.get's disk path (a read the memtables and block cache cannot answer):
// many readers needing the disk at once each get their own answer; a reader cancelled during its
// read ends at once; a failed read reaches its reader as the engine's exception. The engine is
// wrapped, and the wrapper's memory-only read always says "needs I/O", so every get takes the disk
// path.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.ReadTier
import dev.cairn.lsm.coroutines.testing.TEST_DIR
import dev.cairn.lsm.coroutines.testing.b
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import okio.fakefilesystem.FakeFileSystem

/** Forwards to [inner]; a get of "slow" waits for [release], a get of "bad" fails. */
private class SlowReads(private val inner: LsmStore) : LsmStore by inner {
    val entered = CountDownLatch(1)
    val release = CountDownLatch(1)
    val gets = AtomicInteger()

    override fun getOrIncomplete(key: ByteArray, options: ReadOptions, incomplete: ByteArray): ByteArray? =
        if (options.readTier() == ReadTier.MEMORY_ONLY) incomplete else inner.getOrIncomplete(key, options, incomplete)

    override fun get(key: ByteArray): ByteArray? {
        gets.incrementAndGet()
        when (key.decodeToString()) {
            "slow" -> {
                entered.countDown()
                release.await(30, TimeUnit.SECONDS) shouldBe true
            }
            "bad" -> throw LsmException("injected read failure")
        }
        return inner.get(key)
    }
}

private suspend fun openSlow(): Pair<Store, SlowReads> {
    var slow: SlowReads? = null
    val store = Store.open(TEST_DIR, null, FakeFileSystem(), {}) { d, options -> SlowReads(LsmStore.open(d, options)).also { slow = it } }
    return store to slow!!
}

class DiskReadSpec : FunSpec({
    test("64 readers that all need the disk each get their own value") {
        val (store, slow) = openSlow()
        try {
            repeat(640) { store.put("k$it".b, "v$it".b) }
            val answers = withContext(Dispatchers.Default) {
                (0 until 64).map { reader ->
                    async { (0 until 10).map { store.get("k${reader * 10 + it}".b)?.decodeToString() } }
                }.awaitAll()
            }
            answers.flatten() shouldBe (0 until 640).map { "v$it" }
            slow.gets.get() shouldBe 640
        } finally {
            store.close()
        }
    }

    test("a reader cancelled during its disk read ends at once; the store reads on") {
        val (store, slow) = openSlow()
        try {
            store.put("slow".b, "s".b)
            store.put("k".b, "v".b)
            coroutineScope {
                val reader = launch(Dispatchers.Default) { store.get("slow".b) }
                withContext(Dispatchers.IO) { slow.entered.await(30, TimeUnit.SECONDS) shouldBe true }
                reader.cancelAndJoin()
                reader.isCancelled shouldBe true
                slow.release.countDown()
            }
            withContext(Dispatchers.Default) { store.get("k".b)!!.decodeToString() shouldBe "v" }
        } finally {
            store.close()
        }
    }

    test("a failed disk read reaches its reader as the engine's exception") {
        val (store, _) = openSlow()
        try {
            withContext(Dispatchers.Default) {
                shouldThrow<LsmException> { store.get("bad".b) }.message shouldBe "injected read failure"
                store.get("absent".b) shouldBe null
            }
        } finally {
            store.close()
        }
    }
})

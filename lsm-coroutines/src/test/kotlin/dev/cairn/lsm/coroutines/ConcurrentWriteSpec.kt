// Specification of suspend writes that wait for a group commit: many concurrent writers are all
// acknowledged and readable; a waiting writer resumes on its own dispatcher; a writer cancelled
// while waiting ends cancelled while its write still lands exactly once (and observers hear of
// it); a failed commit reaches the writer as the engine's exception; and a writer that runs long
// after its acknowledgement does not hold up the writers acknowledged with it.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.coroutines.testing.TEST_DIR
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openEngineStore
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.Semaphore
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import okio.fakefilesystem.FakeFileSystem

/**
 * Forwards to [inner], except that each asynchronous write is held back, unwritten and
 * unacknowledged, until the spec releases it: a writer then waits as it would behind another
 * thread's group commit.
 */
private class HeldCommits(private val inner: LsmStore) : LsmStore by inner {
    private class Held(val batch: WriteBatch, val options: WriteOptions, val done: CompletableFuture<Void>)

    private val held = ConcurrentLinkedQueue<Held>()
    private val arrived = Semaphore(0)

    /** Batches written to [inner] so far. */
    val written = AtomicInteger()

    override fun writeAsync(batch: WriteBatch, options: WriteOptions): CompletableFuture<Void> {
        val done = CompletableFuture<Void>()
        held.add(Held(batch, options, done))
        arrived.release()
        return done
    }

    /** Waits (blocking) until [n] more writes are held. */
    fun awaitHeld(n: Int) {
        arrived.tryAcquire(n, 30, TimeUnit.SECONDS) shouldBe true
    }

    /** Writes and acknowledges every held write, in order; or fails them all with [failure]. */
    fun releaseAll(failure: Throwable? = null) {
        while (true) {
            val h = held.poll() ?: break
            if (failure != null) {
                h.done.completeExceptionally(failure)
            } else {
                inner.write(h.batch, h.options)
                written.incrementAndGet()
                h.done.complete(null)
            }
        }
    }
}

private suspend fun openHeld(fs: FakeFileSystem): Pair<Store, HeldCommits> {
    var held: HeldCommits? = null
    val store = Store.open(TEST_DIR, null, fs, {}) { d, options -> HeldCommits(LsmStore.open(d, options)).also { held = it } }
    return store to held!!
}

class ConcurrentWriteSpec : FunSpec({
    test("64 writers on Dispatchers.Default are all acknowledged and every write is readable") {
        val store = openEngineStore(FakeFileSystem())
        try {
            withContext(Dispatchers.Default) {
                (0 until 64).map { w ->
                    async { for (i in 0 until 100) store.put("w%02d-%03d".format(w, i).b, "$w/$i".b) }
                }.awaitAll()
            }
            for (w in 0 until 64) {
                for (i in 0 until 100) store.get("w%02d-%03d".format(w, i).b)!!.decodeToString() shouldBe "$w/$i"
            }
        } finally {
            store.close()
        }
    }

    test("a writer acknowledged by another thread resumes on its own dispatcher") {
        val (store, held) = openHeld(FakeFileSystem())
        val single = Executors.newSingleThreadExecutor { r -> Thread(r, "single-writer") }
        try {
            coroutineScope {
                val onDefault = async(Dispatchers.Default) { store.put("a".b, "1".b); Thread.currentThread().name }
                val onSingle = async(single.asCoroutineDispatcher()) { store.put("b".b, "2".b); Thread.currentThread().name }
                withContext(Dispatchers.IO) { held.awaitHeld(2) }
                held.releaseAll()
                onDefault.await() shouldStartWith "DefaultDispatcher-worker"
                onSingle.await() shouldStartWith "single-writer"
            }
            store.get("a".b)!!.decodeToString() shouldBe "1"
            store.get("b".b)!!.decodeToString() shouldBe "2"
        } finally {
            store.close()
            single.shutdown()
        }
    }

    test("a writer cancelled while waiting ends cancelled; its write lands exactly once and observers hear of it") {
        val (store, held) = openHeld(FakeFileSystem())
        try {
            coroutineScope {
                val seen = Channel<String?>(Channel.UNLIMITED)
                val observer = launch(Dispatchers.Default) { store.observe("k".b).collect { seen.send(it?.decodeToString()) } }
                seen.receive() shouldBe null
                val writer = launch(Dispatchers.Default) { store.put("k".b, "v".b) }
                withContext(Dispatchers.IO) { held.awaitHeld(1) }
                writer.cancel()
                writer.join()
                writer.isCancelled shouldBe true
                held.releaseAll()
                seen.receive() shouldBe "v"
                held.written.get() shouldBe 1
                store.get("k".b)!!.decodeToString() shouldBe "v"
                // The next writer is acknowledged as usual.
                val next = launch(Dispatchers.Default) { store.put("k2".b, "v2".b) }
                withContext(Dispatchers.IO) { held.awaitHeld(1) }
                held.releaseAll()
                next.join()
                store.get("k2".b)!!.decodeToString() shouldBe "v2"
                observer.cancel()
            }
        } finally {
            store.close()
        }
    }

    test("a failed commit reaches the waiting writer as the engine's exception") {
        val (store, held) = openHeld(FakeFileSystem())
        try {
            coroutineScope {
                val writer = async(Dispatchers.Default) { runCatching { store.put("k".b, "v".b) }.exceptionOrNull() }
                withContext(Dispatchers.IO) { held.awaitHeld(1) }
                held.releaseAll(LsmException("write-ahead log append failed: disk full"))
                val e = writer.await()
                (e is LsmException) shouldBe true
                e!!.message shouldBe "write-ahead log append failed: disk full"
            }
            store.get("k".b) shouldBe null
        } finally {
            store.close()
        }
    }

    test("a writer that runs long after its acknowledgement does not hold up the writers acknowledged with it") {
        val (store, held) = openHeld(FakeFileSystem())
        val writers = 10
        val resumed = AtomicInteger()
        val othersResumed = CountDownLatch(writers - 1)
        try {
            coroutineScope {
                val jobs = (0 until writers).map { w ->
                    async(Dispatchers.Default) {
                        store.put("w$w".b, "v".b)
                        if (resumed.incrementAndGet() == 1) {
                            // Hold this Default thread, as a long computation would, until every
                            // other writer has been resumed (they need another thread for that).
                            othersResumed.await(30, TimeUnit.SECONDS)
                        } else {
                            othersResumed.countDown()
                            true
                        }
                    }
                }
                withContext(Dispatchers.IO) { held.awaitHeld(writers) }
                held.releaseAll()
                jobs.awaitAll().all { it } shouldBe true
            }
        } finally {
            store.close()
        }
    }
})

// Specifies write stalls from the Kotlin API: flushes are held at their start by a gate (the
// store's own coroutine scheduler runs them, and they wait there), so the memtables waiting for
// flush fill up and writes stall. A put that queues behind the stalled commit suspends: its
// coroutine's single thread goes on running other coroutines. Once the gate opens, onStallEnd
// fires, stallNanos has grown and every stalled put is in the store.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.EventListener
import dev.cairn.lsm.FlushInfo
import dev.cairn.lsm.coroutines.testing.TEST_DIR
import dev.cairn.lsm.coroutines.testing.b
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import okio.fakefilesystem.FakeFileSystem
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger

/**
 * Holds every flush at its start (onFlushBegin runs on the flush job's coroutine, outside the
 * store's locks) until [open]; reports stalls. A gate in the file system would not do here: a
 * FakeFileSystem is reached through one lock, so a flush waiting inside it would block the
 * write-ahead log too.
 */
private class GatedFlushes : EventListener {
    private val gate = CountDownLatch(1)
    val flushesWaiting = AtomicInteger()
    val began = CompletableDeferred<String>()
    val ended = CompletableDeferred<Long>()

    fun open() = gate.countDown()

    override fun onFlushBegin(info: FlushInfo) {
        flushesWaiting.incrementAndGet()
        gate.await()
    }

    override fun onStallBegin(reason: String) { began.complete(reason) }
    override fun onStallEnd(stallNanos: Long) { ended.complete(stallNanos) }
}

private fun value(i: Int) = ("value-$i-").repeat(20).encodeToByteArray()

class WriteStallSpec : FunSpec({

    test("a put that meets a write stall suspends, and lands once the flushes catch up") {
        val fs = FakeFileSystem()
        val gate = GatedFlushes()
        val began = gate.began
        val ended = gate.ended
        val single = Executors.newSingleThreadExecutor { r -> Thread(r, "one-thread") }.asCoroutineDispatcher()
        try {
            val db = Store.open(TEST_DIR, null, fs) { memtableSizeBytes = 4096; listener = gate }
            try {
                val stallBefore = db.stats().stallNanos
                coroutineScope {
                    try {
                        // The first writer puts on Dispatchers.IO until the store stalls it.
                        val acknowledged = AtomicInteger()
                        val first = launch(Dispatchers.IO) {
                            for (i in 0 until 200) { db.put("key%05d".format(i).b, value(i)); acknowledged.incrementAndGet() }
                        }
                        withTimeout(30_000) { began.await() } shouldBe "memtables waiting for flush: 2"
                        val stalledAt = acknowledged.get()

                        // A put on a one-thread dispatcher queues behind the stalled commit and suspends:
                        // the same thread then runs another coroutine while the put is pending.
                        val suspended = async(single) { db.put("queued".b, "q".b) }
                        // (bounded: were the put blocking that thread, this would time out, not hang)
                        withTimeout(30_000) { withContext(single) { "the one thread is free" } } shouldBe "the one thread is free"
                        suspended.isCompleted shouldBe false
                        acknowledged.get() shouldBe stalledAt
                        ended.isCompleted shouldBe false
                        (gate.flushesWaiting.get() >= 1) shouldBe true

                        gate.open()
                        withTimeout(30_000) { suspended.await(); first.join() }
                        acknowledged.get() shouldBe 200
                        withTimeout(30_000) { ended.await() } shouldBeGreaterThan 0L
                    } finally {
                        gate.open() // a failure above must not leave the writers and close() waiting
                    }
                }
                db.stats().stallNanos shouldBeGreaterThan stallBefore
                db.get("queued".b)!!.decodeToString() shouldBe "q"
                for (i in 0 until 200) db.get("key%05d".format(i).b)!!.contentEquals(value(i)) shouldBe true
            } finally {
                db.close()
            }
            fs.checkNoOpenFiles()
        } finally {
            single.close()
        }
    }

    test("a put on a one-thread dispatcher that meets the stall itself suspends, and the thread runs other coroutines") {
        val fs = FakeFileSystem()
        val gate = GatedFlushes()
        val single = Executors.newSingleThreadExecutor { r -> Thread(r, "one-thread") }.asCoroutineDispatcher()
        try {
            val db = Store.open(TEST_DIR, null, fs) { memtableSizeBytes = 4096; listener = gate }
            try {
                coroutineScope {
                    try {
                        // Every put runs on the one thread: the writer leads its own commits until
                        // one of them meets the stall; that put must suspend, not park the thread.
                        val acknowledged = AtomicInteger()
                        val writer = launch(single) {
                            for (i in 0 until 200) { db.put("key%05d".format(i).b, value(i)); acknowledged.incrementAndGet() }
                        }
                        withTimeout(30_000) { gate.began.await() } shouldBe "memtables waiting for flush: 2"
                        // (bounded: were the put blocking that thread, this would time out, not hang)
                        withTimeout(30_000) { withContext(single) { "the one thread is free" } } shouldBe "the one thread is free"
                        val stalledAt = acknowledged.get()
                        (stalledAt < 200) shouldBe true
                        writer.isCompleted shouldBe false
                        gate.ended.isCompleted shouldBe false

                        gate.open()
                        withTimeout(30_000) { writer.join() }
                        acknowledged.get() shouldBe 200
                        withTimeout(30_000) { gate.ended.await() } shouldBeGreaterThan 0L
                    } finally {
                        gate.open()
                    }
                }
                for (i in 0 until 200) db.get("key%05d".format(i).b)!!.contentEquals(value(i)) shouldBe true
            } finally {
                db.close()
            }
            fs.checkNoOpenFiles()
        } finally {
            single.close()
        }
    }
})

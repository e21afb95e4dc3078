// Specifies write stalls from the Java API: background work is held behind a gate
// (GatedScheduler) until the memtables waiting for flush reach their limit. Then a blocking put
// blocks (its thread parks inside the store), a writeAsync future stays not done, and
// onStallBegin has fired; once the gate opens, the flushes run, onStallEnd fires,
// StoreStats.stallNanos has grown, and every stalled write is in the store. No sleeps: the spec
// waits on latches, futures and the writer threads' states.
package dev.cairn.lsm.engine

import dev.cairn.lsm.EventListener
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

private fun key(i: Int) = "key%05d".format(i).encodeToByteArray()
private fun value(i: Int) = ("value-$i-").repeat(20).encodeToByteArray()

/** Records stall events and lets the spec wait for them. */
private class StallEvents : EventListener {
    val began = CountDownLatch(1)
    val ended = CountDownLatch(1)
    val reasons = CopyOnWriteArrayList<String>()
    val endNanos = CopyOnWriteArrayList<Long>()
    override fun onStallBegin(reason: String) { reasons += reason; began.countDown() }
    override fun onStallEnd(stallNanos: Long) { endNanos += stallNanos; ended.countDown() }
}

/** Waits (bounded) until [thread] is parked or waiting inside the store, not running. */
private fun awaitParked(thread: Thread) {
    val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
    while (thread.state != Thread.State.WAITING && thread.state != Thread.State.TIMED_WAITING) {
        check(thread.isAlive) { "${thread.name} ended instead of stalling" }
        check(System.nanoTime() < deadline) { "${thread.name} never parked: ${thread.state}" }
        Thread.onSpinWait()
    }
}

class WriteStallSpec : FunSpec({

    test("with flushes held back, a put blocks, a writeAsync completes later, and every stalled write lands once they catch up") {
        val fs = FakeFileSystem()
        val scheduler = GatedScheduler()
        val events = StallEvents()
        val options = StoreOptions.builder().fileSystem(fs).memtableSizeBytes(4096).scheduler(scheduler).listener(events).build()
        val writes = 200
        LsmStore.open("/db".toPath(), options).use { db ->
            try {
                val stallBefore = db.stats().stallNanos()
                // One writer puts until the store stalls it: the memtables waiting for flush are full.
                val acknowledged = AtomicInteger()
                val writer = Thread({
                    for (i in 0 until writes) {
                        db.put(key(i), value(i))
                        acknowledged.incrementAndGet()
                    }
                }, "blocking-writer")
                writer.start()
                events.began.await(30, TimeUnit.SECONDS) shouldBe true
                events.reasons.first() shouldBe "memtables waiting for flush: 2"
                awaitParked(writer)
                val stalledAt = acknowledged.get()
                (stalledAt < writes) shouldBe true
                (scheduler.heldJobs >= 1) shouldBe true
                db.stats().immutableMemtables() shouldBe 2

                // A second blocking writer queues behind the stalled one and parks too.
                val second = Thread({ db.put("second".encodeToByteArray(), "s".encodeToByteArray()) }, "second-writer")
                second.start()
                awaitParked(second)
                // An asynchronous write returns at once with a future that is not done.
                val async = db.writeAsync(WriteBatch().put("async".encodeToByteArray(), "a".encodeToByteArray())
                    .delete(key(0)), WriteOptions.defaults())
                async.isDone shouldBe false
                // Still stalled: nothing was acknowledged, the writers are still parked, the stall has not ended.
                awaitParked(writer)
                acknowledged.get() shouldBe stalledAt
                events.ended.count shouldBe 1L
                async.isDone shouldBe false

                scheduler.open()
                async.get(30, TimeUnit.SECONDS)
                writer.join(30_000)
                second.join(30_000)
                writer.isAlive shouldBe false
                second.isAlive shouldBe false
                acknowledged.get() shouldBe writes
                events.ended.await(30, TimeUnit.SECONDS) shouldBe true
                events.endNanos.first() shouldBeGreaterThan 0L
                db.stats().stallNanos() shouldBeGreaterThan stallBefore
            } finally {
                scheduler.open() // a failure above must not leave the writers and close() waiting
            }
            // Every stalled write is there, in order: the async delete came after key 0's put.
            db.get(key(0)) shouldBe null
            for (i in 1 until writes) db.get(key(i))!!.contentEquals(value(i)) shouldBe true
            db.get("second".encodeToByteArray())!!.decodeToString() shouldBe "s"
            db.get("async".encodeToByteArray())!!.decodeToString() shouldBe "a"
        }
        fs.checkNoOpenFiles()
    }

    // An asynchronous writer that finds no leader leads the commit on its own thread; when that
    // commit meets the stall it hands the lead on (to a blocked writer, or a stall leader thread of
    // the pipeline's own) and returns, so writeAsync never waits out a stall on its caller's thread.
    test("a writeAsync that meets the stall itself returns at once with a future that completes later") {
        val scheduler = GatedScheduler()
        val events = StallEvents()
        val options = StoreOptions.builder().fileSystem(FakeFileSystem()).memtableSizeBytes(4096).scheduler(scheduler).listener(events).build()
        LsmStore.open("/db".toPath(), options).use { db ->
            try {
                val futures = CopyOnWriteArrayList<java.util.concurrent.CompletableFuture<Void>>()
                val asyncWriter = Thread({
                    for (i in 0 until 200) {
                        futures += db.writeAsync(WriteBatch().put(key(i), value(i)).put("last".encodeToByteArray(), "$i".encodeToByteArray()),
                            WriteOptions.defaults())
                    }
                }, "async-writer")
                asyncWriter.start()
                events.began.await(30, TimeUnit.SECONDS) shouldBe true
                asyncWriter.join(30_000)
                asyncWriter.isAlive shouldBe false // it returned: the stall is waited out elsewhere
                futures.size shouldBe 200
                futures.last().isDone shouldBe false
                // The stall leader waits for the flushes; the caller's futures do not complete yet.
                (scheduler.heldJobs >= 1) shouldBe true
                events.ended.count shouldBe 1L
                scheduler.open()
                for (f in futures) f.get(30, TimeUnit.SECONDS)
                for (i in 0 until 200) db.get(key(i))!!.contentEquals(value(i)) shouldBe true
                // Committed in the order they were issued: the last write of "last" wins.
                db.get("last".encodeToByteArray())!!.decodeToString() shouldBe "199"
            } finally {
                scheduler.open()
            }
        }
    }
})

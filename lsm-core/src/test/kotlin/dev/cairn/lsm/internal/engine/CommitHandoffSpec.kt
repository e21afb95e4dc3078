// Specification of the group-commit hand-offs: the leader wakes one blocked member, which
// acknowledges the rest; a member that stopped waiting (interrupted) is never handed anything,
// so no writer is left unacknowledged; and under many concurrent synced writers (where the lead
// passes between threads) every write is acknowledged and readable.
package dev.cairn.lsm.internal.engine

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

class CommitHandoffSpec : FunSpec({

    fun pending(blocking: Boolean) = CommitPipeline.Pending(ByteArray(0), false, blocking)

    /** Starts a thread that creates a blocking write and waits for it; returns the thread and the write. */
    fun waitingWriter(): Pair<Thread, CommitPipeline.Pending> {
        val created = CompletableFuture<CommitPipeline.Pending>()
        val t = Thread {
            val p = pending(blocking = true)
            created.complete(p)
            p.await(null)
        }
        t.start()
        return t to created.get(30, TimeUnit.SECONDS)
    }

    test("a blocked member acknowledges the members handed to it after it wakes") {
        val (waiter, delegate) = waitingWriter()
        val others = listOf(pending(false), pending(false), pending(false))
        CommitPipeline.acknowledge(listOf(delegate) + others, null)
        waiter.join()
        others.forEach { it.done.get(30, TimeUnit.SECONDS) }
        others.all { it.done.isDone } shouldBe true
    }

    test("the leader's own write is never made the delegate") {
        val mine = pending(blocking = true)
        val other = pending(blocking = false)
        CommitPipeline.acknowledge(listOf(mine, other), mine)
        mine.done.isDone shouldBe true
        other.done.isDone shouldBe true
    }

    test("a member interrupted before the group is acknowledged is skipped as delegate and every member completes") {
        val interrupted = pending(blocking = true)
        Thread.currentThread().interrupt()
        shouldThrow<InterruptedException> { interrupted.await(null) }
        val (waiter, next) = waitingWriter()
        val last = pending(blocking = false)
        CommitPipeline.acknowledge(listOf(interrupted, next, last), null)
        waiter.join()
        interrupted.done.isDone shouldBe true
        last.done.get(30, TimeUnit.SECONDS)
        last.done.isDone shouldBe true
    }

    test("when no member waits, the leader acknowledges them all") {
        val group = List(5) { pending(blocking = false) }
        CommitPipeline.acknowledge(group, null)
        group.all { it.done.isDone } shouldBe true
    }

    test("many concurrent synced writers are all acknowledged and every write is readable") {
        val db = LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(FakeFileSystem()).build())
        db.use {
            val threads = (0 until 16).map { t ->
                Thread {
                    for (i in 0 until 200) {
                        db.put("t%02d-%03d".format(t, i).toByteArray(), byteArrayOf(t.toByte(), i.toByte()), WriteOptions.sync())
                    }
                }
            }
            threads.forEach { it.start() }
            threads.forEach { it.join() }
            for (t in 0 until 16) {
                for (i in 0 until 200) {
                    db.get("t%02d-%03d".format(t, i).toByteArray())!!.toList() shouldBe listOf(t.toByte(), i.toByte())
                }
            }
        }
    }
})

// Specification of the group-commit acknowledgement hand-off: the leader wakes one blocked
// member, which acknowledges the rest; a member that stopped waiting (interrupted) is never
// handed anything, so no writer is left unacknowledged.
package dev.cairn.lsm.internal.engine

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.TimeUnit

class CommitHandoffSpec : FunSpec({

    fun pending(blocking: Boolean) = CommitPipeline.Pending(ByteArray(0), false, blocking)

    test("a blocked member acknowledges the members handed to it after it wakes") {
        val delegate = pending(blocking = true)
        val others = listOf(pending(false), pending(true), pending(false))
        val waiter = Thread { delegate.await() }
        waiter.start()
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
        shouldThrow<InterruptedException> { interrupted.await() }
        val next = pending(blocking = true)
        val last = pending(blocking = false)
        val waiter = Thread { next.await() }
        waiter.start()
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
})

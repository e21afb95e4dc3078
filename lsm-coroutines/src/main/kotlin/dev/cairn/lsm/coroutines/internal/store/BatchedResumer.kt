// Resumes suspended callers in batches: writers whose group commit was acknowledged, and readers
// whose disk read is done. The thread that finished their work queues each continuation with its
// result, and a few tasks dispatched to Dispatchers.Default resume them one after another.
// Thread-safe: resume may be called from any thread, concurrently.
package dev.cairn.lsm.coroutines.internal.store

import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi

/**
 * A group commit acknowledges dozens of writers at once. Resuming each through its dispatcher
 * costs a task and, when the dispatcher's threads are parked, a thread wake-up per writer; and
 * when the commit was led by a coroutine on `Dispatchers.Default`, those tasks pile up on that
 * thread's local queue, which the pool's other threads steal from only slowly. With 64 writers on
 * a two-thread Default pool that cost several times what the commit itself did.
 *
 * Writers on `Dispatchers.Default` are therefore resumed by a few tasks per batch instead of one
 * each: a task resumes writers undispatched, one after another (each runs on the task's thread, in
 * its own context, until it next suspends, exactly as if it had been dispatched there).
 *
 * Fairness: while writers wait, up to as many tasks as Default has threads resume them, so a writer
 * that runs long before it next suspends holds up the others only when every Default thread is
 * busy with such a writer, as with ordinary dispatch; and a task passes what is left to a fresh task
 * after [BATCH_NANOS], so other work queued on Default gets its turn. Writers on any other
 * dispatcher (`Dispatchers.IO`, where a writer may go on to block, a single-thread or UI
 * dispatcher, `Unconfined`) are resumed the ordinary way at once.
 */
internal class BatchedResumer {
    /** A continuation and the value it resumes with. */
    private class Waiter(val cont: CancellableContinuation<Any?>, val value: Any?)

    /** Waiters, and the tasks dispatched or running to resume them. */
    private val waiters = DrainedQueue<Waiter>(MAX_DRAINS)

    /** Resumes [cont] with [value], soon, on its dispatcher. A cancelled [cont] ignores it. */
    fun <T> resume(cont: CancellableContinuation<T>, value: T) {
        if (cont.context[ContinuationInterceptor] !== Dispatchers.Default) {
            cont.resume(value)
            return
        }
        @Suppress("UNCHECKED_CAST")
        if (waiters.add(Waiter(cont as CancellableContinuation<Any?>, value))) schedule()
    }

    /** Dispatches a task already counted in [waiters]. */
    private fun schedule() {
        try {
            Dispatchers.Default.dispatch(Dispatchers.Default, Drain())
        } catch (e: Throwable) {
            // Default refuses work only when the process is going down: resume everyone the
            // ordinary way, which applies the dispatcher's own rules.
            waiters.notStarted()
            while (true) (waiters.poll() ?: break).let { it.cont.resume(it.value) }
        }
    }

    /** Resumes waiters on a Default thread until none is left or its time is up. */
    private inner class Drain : Runnable {
        @OptIn(ExperimentalCoroutinesApi::class)
        override fun run() {
            val deadline = System.nanoTime() + BATCH_NANOS
            while (true) {
                val waiter = waiters.take() ?: return
                try {
                    with(waiter.cont) { Dispatchers.Default.resumeUndispatched(waiter.value) }
                } catch (e: Throwable) {
                    // A coroutine's own failures end in its Job; anything that still escapes ends
                    // this task, and a fresh one takes over its count and the waiters left.
                    schedule()
                    throw e
                }
                if (System.nanoTime() - deadline > 0 && waiters.isNotEmpty()) {
                    schedule()
                    return
                }
            }
        }
    }

    private companion object {
        /** How long one task resumes writers before it lets other work on Default run. */
        const val BATCH_NANOS = 200_000L
        /** Tasks resuming writers at once: Default's thread count (its default). */
        val MAX_DRAINS = maxOf(2, Runtime.getRuntime().availableProcessors())
    }
}

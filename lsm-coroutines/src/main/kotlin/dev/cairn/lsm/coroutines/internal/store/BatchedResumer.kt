// Resumes writers whose group commit was acknowledged, in batches: the committing thread queues
// each waiting continuation, and one task dispatched to the waiters' dispatcher resumes them one
// after another on its own thread. Thread-safe: resume may be called from any thread, concurrently.
package dev.cairn.lsm.coroutines.internal.store

import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.ExperimentalCoroutinesApi

/**
 * A group commit acknowledges dozens of writers at once. Resuming each through its dispatcher
 * costs a task and, when the dispatcher's threads are parked, a thread wake-up per writer; from a
 * thread outside the dispatcher each of those tasks also goes through the dispatcher's global
 * queue, and from one of its own threads (a coroutine that led the commit) they pile up on that
 * thread's local queue, which other threads steal from only slowly. With 64 writers on the two
 * threads of `Dispatchers.Default` that cost several times what the commit itself did.
 *
 * Here one task does the dispatch for a batch and resumes the writers undispatched: each runs on
 * the task's thread, in its own context, until it next suspends, exactly as if it had been
 * dispatched there.
 *
 * Fairness: while more writers wait than are being resumed, up to [MAX_DRAINS] tasks resume them
 * in parallel, so one writer that runs long before it next suspends does not hold up the others
 * when the dispatcher has another thread; and a task hands the rest to a fresh task after
 * [BATCH_NANOS], so other work queued on the dispatcher gets its turn.
 *
 * A writer whose dispatcher runs everything in place (`Dispatchers.Unconfined`) or that has no
 * [CoroutineDispatcher] is resumed at once. A task meeting a writer of another dispatcher than its
 * own resumes it the ordinary way (dispatched).
 */
internal class BatchedResumer {
    private val waiters = ConcurrentLinkedQueue<CancellableContinuation<Unit>>()
    /** Tasks dispatched or running; while one is, every waiter added will be resumed by one. */
    private val drains = AtomicInteger()

    /** Resumes [cont] with Unit, soon, on its dispatcher. A cancelled [cont] ignores it. */
    fun resume(cont: CancellableContinuation<Unit>) {
        val dispatcher = dispatcherOf(cont)
        if (dispatcher == null) {
            cont.resume(Unit)
            return
        }
        waiters.add(cont)
        while (true) {
            val d = drains.get()
            if (d > 0) return
            if (drains.compareAndSet(0, 1)) break
        }
        schedule(dispatcher, cont.context)
    }

    private fun dispatcherOf(cont: CancellableContinuation<Unit>): CoroutineDispatcher? {
        val dispatcher = cont.context[ContinuationInterceptor] as? CoroutineDispatcher ?: return null
        return if (dispatcher.isDispatchNeeded(cont.context)) dispatcher else null
    }

    /** Counts one more task if fewer than [MAX_DRAINS] are; false if there are enough. */
    private fun claimDrain(): Boolean {
        while (true) {
            val d = drains.get()
            if (d >= MAX_DRAINS) return false
            if (drains.compareAndSet(d, d + 1)) return true
        }
    }

    /** Dispatches a task already counted in [drains] to [dispatcher], for a waiter in [context]. */
    private fun schedule(dispatcher: CoroutineDispatcher, context: CoroutineContext) {
        val drain = Drain(dispatcher)
        try {
            dispatcher.dispatch(context, drain)
        } catch (e: Throwable) {
            // The dispatcher refuses work (a closed executor): resume everyone the ordinary way,
            // which applies the dispatcher's own rules (cancellation on rejection).
            drains.decrementAndGet()
            while (true) (waiters.poll() ?: break).resume(Unit)
        }
    }

    /** Resumes waiters on the thread [dispatcher] runs it on. */
    private inner class Drain(private val dispatcher: CoroutineDispatcher) : Runnable {
        @OptIn(ExperimentalCoroutinesApi::class)
        override fun run() {
            val deadline = System.nanoTime() + BATCH_NANOS
            while (true) {
                val cont = waiters.poll()
                if (cont == null) {
                    drains.decrementAndGet()
                    // A waiter added after our poll may have found us still counted: take it.
                    if (waiters.isEmpty() || !claimDrain()) return
                    continue
                }
                val own = dispatcherOf(cont)
                if (own !== dispatcher) {
                    cont.resume(Unit)
                    continue
                }
                // More waiters than this task is taking: let another thread help.
                if (waiters.peek() != null && claimDrain()) schedule(dispatcher, cont.context)
                with(cont) { dispatcher.resumeUndispatched(Unit) }
                if (System.nanoTime() - deadline > 0 && waiters.peek() != null) {
                    schedule(dispatcher, cont.context)
                    return
                }
            }
        }
    }

    private companion object {
        /** How long one task resumes writers before it lets other work on its dispatcher run. */
        const val BATCH_NANOS = 200_000L
        /** Tasks resuming writers at once. */
        const val MAX_DRAINS = 2
    }
}

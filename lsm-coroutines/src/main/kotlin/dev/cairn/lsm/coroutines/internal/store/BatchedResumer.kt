// Resumes writers whose group commit was acknowledged, in batches: the committing thread
// queues each waiting continuation and dispatches ONE task per batch to the waiters' dispatcher,
// which resumes them one after another on its own thread. Thread-safe: resume may be called from
// any thread, concurrently.
package dev.cairn.lsm.coroutines.internal.store

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.ExperimentalCoroutinesApi

/**
 * A group commit acknowledges dozens of writers at once. Resuming each through its dispatcher
 * costs one task and, when the dispatcher's threads are parked, one thread wake-up per writer;
 * from a thread outside the dispatcher every one of those tasks goes through its global queue.
 * Here one task per batch does the dispatch, and it resumes the writers undispatched (each runs
 * on that task's thread until it next suspends, exactly as if it had been dispatched there).
 *
 * Fairness: a batch task resumes writers for at most [BATCH_NANOS] and then re-dispatches the
 * rest, so a batch never holds a thread much longer than a writer's own work; writers resumed
 * by one task run one after another, which is the cost of the saving.
 *
 * Writers whose continuation has no [CoroutineDispatcher], or one that runs everything in place
 * (`Dispatchers.Unconfined`), are resumed directly. So are writers on more than [MAX_DISPATCHERS]
 * distinct dispatchers per store (each dispatcher keeps one small queue for the store's life).
 */
internal class BatchedResumer {
    private val batches = ConcurrentHashMap<CoroutineDispatcher, Batch>()

    /** Resumes [cont] with Unit, soon, on its dispatcher. A cancelled [cont] ignores it. */
    fun resume(cont: CancellableContinuation<Unit>) {
        val dispatcher = cont.context[ContinuationInterceptor] as? CoroutineDispatcher
        if (dispatcher == null || !dispatcher.isDispatchNeeded(cont.context)) {
            cont.resume(Unit)
            return
        }
        val batch = batches[dispatcher]
            ?: if (batches.size >= MAX_DISPATCHERS) null else batches.computeIfAbsent(dispatcher, ::Batch)
        if (batch == null) {
            cont.resume(Unit)
        } else {
            batch.add(cont)
        }
    }

    /** The waiters of one dispatcher, and the task that resumes them. */
    private class Batch(private val dispatcher: CoroutineDispatcher) : Runnable {
        private val waiters = ConcurrentLinkedQueue<CancellableContinuation<Unit>>()
        /** Whether a task is dispatched or running that will see every waiter added before it ends. */
        private val scheduled = AtomicBoolean()

        fun add(cont: CancellableContinuation<Unit>) {
            waiters.add(cont)
            if (scheduled.compareAndSet(false, true)) schedule(cont.context)
        }

        private fun schedule(context: CoroutineContext) {
            try {
                dispatcher.dispatch(context, this)
            } catch (e: Throwable) {
                // The dispatcher refuses work (closed executor): resume everyone the ordinary way,
                // which lets the dispatcher's own rules (cancellation on rejection) apply.
                scheduled.set(false)
                while (true) (waiters.poll() ?: break).resume(Unit)
            }
        }

        @OptIn(ExperimentalCoroutinesApi::class)
        override fun run() {
            val deadline = System.nanoTime() + BATCH_NANOS
            while (true) {
                val cont = waiters.poll()
                if (cont == null) {
                    scheduled.set(false)
                    // A waiter added after our poll may have found us still scheduled: take it.
                    if (waiters.isEmpty() || !scheduled.compareAndSet(false, true)) return
                    continue
                }
                with(cont) { dispatcher.resumeUndispatched(Unit) }
                if (System.nanoTime() - deadline > 0) {
                    val next = waiters.peek()
                    if (next == null) {
                        scheduled.set(false)
                        if (waiters.isEmpty() || !scheduled.compareAndSet(false, true)) return
                        continue
                    }
                    schedule(next.context)
                    return
                }
            }
        }
    }

    private companion object {
        /** How long one batch task resumes writers before it lets other tasks run. */
        const val BATCH_NANOS = 200_000L
        const val MAX_DISPATCHERS = 8
    }
}

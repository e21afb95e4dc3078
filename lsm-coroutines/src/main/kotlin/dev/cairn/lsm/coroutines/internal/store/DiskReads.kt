// Point reads that need the disk, served in batches on Dispatchers.IO: a suspended caller queues
// its key, a few IO tasks read queued keys one after another, and the callers are resumed through
// a BatchedResumer. Thread-safe: get may be called from any coroutine, concurrently.
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.LsmStore
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * `withContext(Dispatchers.IO) { db.get(key) }` costs a task and usually a thread wake-up to get
 * there, and another to come back; with 64 readers on a two-thread Default pool, right after a
 * reopen when most reads miss the block cache, those hops cost more than the reads. Here a reader
 * that needs the disk queues its key and suspends; while keys wait, up to [MAX_TASKS] tasks on
 * `Dispatchers.IO` read them one after another, so a burst of misses costs a few wake-ups rather
 * than two per read; and [resumer] brings the readers back to `Dispatchers.Default` in batches.
 * A reader cancelled while its key waits is skipped; one cancelled during its read is not
 * resumed. A failed read resumes its reader with the exception.
 */
internal class DiskReads(private val db: LsmStore, private val resumer: BatchedResumer) {
    private class Pending(val key: ByteArray, val cont: CancellableContinuation<ByteArray?>)

    /** Keys waiting, and the tasks dispatched or running to read them. */
    private val queue = DrainedQueue<Pending>(MAX_TASKS)

    /** @return the value of [key], read on `Dispatchers.IO` */
    suspend fun get(key: ByteArray): ByteArray? = suspendCancellableCoroutine { cont ->
        if (queue.add(Pending(key, cont))) Dispatchers.IO.dispatch(EmptyCoroutineContext, Reader())
    }

    /** Reads queued keys until none is left. */
    private inner class Reader : Runnable {
        override fun run() {
            while (true) {
                val p = queue.take() ?: return
                if (!p.cont.isActive) continue
                try {
                    val value = try {
                        db.get(p.key)
                    } catch (e: Throwable) {
                        p.cont.resumeWithException(e)
                        continue
                    }
                    resumer.resume(p.cont, value)
                } catch (e: Throwable) {
                    // Resuming does not fail in practice; if it ever does, a fresh task takes over
                    // this one's count and the keys left, so no reader waits forever.
                    Dispatchers.IO.dispatch(EmptyCoroutineContext, Reader())
                    throw e
                }
            }
        }
    }

    private companion object {
        /** Reads on the disk at once: enough to keep a few reads in flight, far fewer than callers. */
        val MAX_TASKS = maxOf(4, Runtime.getRuntime().availableProcessors())
    }
}

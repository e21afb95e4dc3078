// A Store's write path: hands a built batch to the engine's group commit and suspends the writer
// until it is acknowledged, without parking a thread; observers hear of every committed batch,
// even when its writer was cancelled while waiting, and the decoded-scan cache brackets each commit
// (emptied and held before, released after). Thread-safe: commit may be called from any
// coroutine, concurrently.
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import java.util.concurrent.CompletionException
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.future.await
import kotlinx.coroutines.suspendCancellableCoroutine

internal class WritePath(
    private val db: LsmStore,
    private val observers: ObserverRegistry,
    private val resumer: BatchedResumer,
    private val scanCache: DecodedScanCache,
) {
    /**
     * Commits [batch] with [options] and returns once it is acknowledged; then tells [observers]
     * about [touched]. A failed commit is thrown as the engine's exception (not wrapped).
     */
    suspend fun commit(batch: WriteBatch, touched: TouchedKeys, options: WriteOptions) {
        if (batch.count() == 0) return
        scanCache.beginWrite(touched)
        val future = try {
            db.writeAsync(batch, options)
        } catch (e: Throwable) {
            scanCache.endWrite(touched)
            throw e
        }
        if (future.isDone) {
            // This caller led the commit on its own thread (the engine blocks it only on an
            // fsync; a write stall is waited out on a thread of the engine's, and then the
            // future is not done here): no suspension, no callback. await() on a done future returns or throws
            // the failure without suspending.
            try {
                future.await()
            } finally {
                scanCache.endWrite(touched)
            }
            observers.notify(touched)
            return
        }
        suspendCancellableCoroutine { cont ->
            // Observers hear of the commit even when this coroutine was cancelled while waiting.
            future.whenComplete { _, error ->
                scanCache.endWrite(touched)
                if (error == null) {
                    observers.notify(touched)
                    resumer.resume(cont, Unit)
                } else {
                    cont.resumeWithException(if (error is CompletionException) error.cause ?: error else error)
                }
            }
        }
    }
}

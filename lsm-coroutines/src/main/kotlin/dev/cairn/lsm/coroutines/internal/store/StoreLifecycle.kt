// The lifetime of one open Store: the engine it opened, the coroutine scope that owns the
// background work, and the single close that ends both. Opening runs recovery on Dispatchers.IO
// and never leaks an opened engine, even when the caller is cancelled meanwhile; closing (by
// Store.close or by cancelling the parent scope) stops background jobs at a block boundary,
// closes the engine exactly once, ends every observation and cancels the scope. Thread-safe:
// every member may be called from any coroutine, concurrently.
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.BackgroundScheduler
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreClosedException
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import okio.Path
import org.slf4j.LoggerFactory

/** The Kotlin face's log: what happens to a store that no caller sees (logger "dev.cairn.lsm.coroutines"). */
private val log = LoggerFactory.getLogger("dev.cairn.lsm.coroutines")

internal class StoreLifecycle private constructor(
    /** The open engine; every other part of the Store reads and writes through it. */
    val db: LsmStore,
    /** A SupervisorJob scope on a bounded IO dispatcher; background jobs are its children. */
    val scope: CoroutineScope,
    private val scheduler: CoroutineScheduler,
    private val directory: Path,
    /** Called once, right after the engine is closed: ends what depends on it (observations). */
    private val onClosed: () -> Unit,
) {
    /** Set by the first close (or cancellation of [scope]); new work is refused from then on. */
    private val closed = AtomicBoolean(false)

    /** Guards [dbClosed]: the engine is closed once, and a second closer waits for the first. */
    private val dbCloseLock = Any()
    private var dbClosed = false

    /** @return true once [close] was called or the parent scope was cancelled */
    val isClosed: Boolean get() = closed.get()

    /** @throws StoreClosedException once the store is closed */
    fun checkOpen() {
        if (closed.get()) throw StoreClosedException("store $directory is closed")
    }

    /** Runs [call] on the open engine on `Dispatchers.IO`, after checking the store is open. */
    suspend fun <T> onIo(call: (LsmStore) -> T): T {
        checkOpen()
        return withContext(Dispatchers.IO) { call(db) }
    }

    /**
     * Closes the database as soon as [scope] is cancelled (by [close] or by the parent). Unconfined
     * and started undispatched, so it runs inside the cancel call itself: when the parent's
     * cancel returns, the directory is unlocked and can be reopened.
     */
    private fun closeWhenScopeEnds() {
        scope.launch(Dispatchers.Unconfined, start = CoroutineStart.UNDISPATCHED) {
            try {
                awaitCancellation()
            } finally {
                closed.set(true)
                scheduler.cancelAll()
                log.debug("store {}: its scope ended; closing the engine if it is still open", directory)
                try {
                    closeDatabase()
                } catch (e: Throwable) {
                    // nobody awaits this coroutine: without the log line the failure would go unseen
                    log.error("closing store {} after its scope ended failed", directory, e)
                    throw e
                }
            }
        }
    }

    private fun closeDatabase() {
        synchronized(dbCloseLock) {
            if (dbClosed) return
            dbClosed = true
            closed.set(true)
            try {
                db.close()
            } finally {
                onClosed()
            }
        }
    }

    /**
     * Stops new work, asks running background jobs to stop at their next block boundary, closes
     * the engine (syncing the log, releasing the lock), then cancels and joins [scope] (only
     * cancels it when called from a coroutine of [scope] itself). Idempotent; runs to the end even
     * when the calling coroutine is cancelled.
     */
    suspend fun close() {
        closed.set(true)
        val caller = currentCoroutineContext()[Job]
        val scopeJob = scope.coroutineContext.job
        withContext(NonCancellable) {
            // Running jobs stop at their next block boundary; the core waits for them.
            scheduler.cancelAll()
            withContext(Dispatchers.IO) { closeDatabase() }
            if (caller != null && scopeJob.hasDescendant(caller)) scopeJob.cancel() else scopeJob.cancelAndJoin()
        }
    }

    private fun Job.hasDescendant(job: Job): Boolean = children.any { it === job || it.hasDescendant(job) }

    companion object {
        /**
         * Creates the store's scope (a child of [parentScope]'s job when given) and opens the
         * engine with [openEngine] on `Dispatchers.IO`, handing it the scope's background scheduler.
         * A parent already cancelled, or a caller cancelled during recovery, closes the engine
         * again before the failure is thrown.
         *
         * @param onClosed called once, right after the engine is closed
         */
        suspend fun open(
            dir: Path,
            parentScope: CoroutineScope?,
            backgroundThreads: Int,
            onClosed: () -> Unit,
            openEngine: (BackgroundScheduler) -> LsmStore,
        ): StoreLifecycle {
            val job = SupervisorJob(parentScope?.coroutineContext?.get(Job))
            val scope = CoroutineScope(
                job + Dispatchers.IO.limitedParallelism(backgroundThreads) + CoroutineName("cairn $dir"),
            )
            val scheduler = CoroutineScheduler(scope)
            val db = try {
                // NonCancellable: a store opened must be closed, even if our caller was cancelled meanwhile.
                withContext(NonCancellable + Dispatchers.IO) { openEngine(scheduler) }
            } catch (e: Throwable) {
                job.cancel()
                throw e
            }
            val lifecycle = StoreLifecycle(db, scope, scheduler, dir, onClosed)
            lifecycle.closeWhenScopeEnds()
            if (!job.isActive) {
                lifecycle.close()
                throw StoreClosedException("store $dir was closed at once: its parent scope is cancelled")
            }
            try {
                currentCoroutineContext().ensureActive()
            } catch (e: CancellationException) {
                lifecycle.close()
                throw e
            }
            return lifecycle
        }
    }
}

// The core's BackgroundScheduler on coroutines: each job is a child coroutine of the store's
// scope (whose dispatcher is a bounded view of Dispatchers.IO). Cancelling that coroutine, or
// the scope, calls the job's cancel(), and the job stops at its next block boundary. A job
// always gets its run() call, even when cancelled before it started, so the core's bookkeeping
// of running jobs always completes. Thread-safe.
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.BackgroundScheduler
import java.util.concurrent.ConcurrentHashMap
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch

internal class CoroutineScheduler(private val scope: CoroutineScope) : BackgroundScheduler {
    private val running: MutableSet<BackgroundScheduler.Job> = ConcurrentHashMap.newKeySet()

    @OptIn(DelicateCoroutinesApi::class)
    override fun execute(job: BackgroundScheduler.Job) {
        running += job
        // ATOMIC: the body runs even if the scope is already cancelled, so run() is always called.
        scope.launch(CoroutineName("cairn-${job.name()}"), start = CoroutineStart.ATOMIC) {
            // Unconfined: the cancel reaches the job at once, even when every worker of the
            // bounded dispatcher is busy running jobs.
            val stopper = launch(Dispatchers.Unconfined, start = CoroutineStart.UNDISPATCHED) {
                try {
                    awaitCancellation()
                } finally {
                    if (job in running) job.cancel()
                }
            }
            try {
                if (!isActive) job.cancel()
                job.run()
            } finally {
                running -= job
                stopper.cancel()
            }
        }
    }

    /** Asks every running job to stop at its next block boundary. */
    fun cancelAll() {
        for (job in running) job.cancel()
    }
}

// A BackgroundScheduler behind a gate: while the gate is closed it holds every job it is given;
// open() hands the held jobs, and every later one, to a worker thread of its own. Lets a spec
// make background work fall behind on purpose and then catch up. Thread-safe.
package dev.cairn.lsm.engine

import dev.cairn.lsm.BackgroundScheduler
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

class GatedScheduler : BackgroundScheduler {
    private val held = ArrayList<BackgroundScheduler.Job>()
    private var open = false
    private val workers: ExecutorService = Executors.newFixedThreadPool(2) { r -> Thread(r, "gated-background").apply { isDaemon = true } }

    /** How many jobs wait behind the closed gate. */
    val heldJobs: Int
        @Synchronized get() = held.size

    @Synchronized
    override fun execute(job: BackgroundScheduler.Job) {
        if (open) workers.execute(job::run) else held += job
    }

    /** Opens the gate: held jobs run now, later jobs as they come. */
    @Synchronized
    fun open() {
        open = true
        held.forEach { workers.execute(it::run) }
        held.clear()
    }

    override fun shutdown() {
        workers.shutdown()
        workers.awaitTermination(30, TimeUnit.SECONDS)
    }
}

// A BackgroundScheduler that never runs a job: it holds them, so a test can freeze the store at
// the moment a flush or compaction was scheduled but had not started. Thread-safe.
package dev.cairn.lsm.reliability.bugs

import dev.cairn.lsm.BackgroundScheduler
import java.util.concurrent.ConcurrentLinkedQueue

class HeldScheduler : BackgroundScheduler {
    val held = ConcurrentLinkedQueue<BackgroundScheduler.Job>()
    override fun execute(job: BackgroundScheduler.Job) {
        held += job
    }
}

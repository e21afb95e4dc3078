// Helpers for engine-level compaction specs: a listener counting background jobs, a wait for a
// settled store (nothing running, nothing pending), a clock tests can move. Thread-safe.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionInfo
import dev.cairn.lsm.EventListener
import dev.cairn.lsm.FlushInfo
import dev.cairn.lsm.LsmStore
import java.time.Clock
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/** Counts flush and compaction begin/end events and keeps their infos. */
class JobCounter : EventListener {
    val flushBegins = AtomicInteger()
    val compactionBegins = AtomicInteger()
    val flushes = CopyOnWriteArrayList<FlushInfo>()
    val compactions = CopyOnWriteArrayList<CompactionInfo>()
    val begun = CopyOnWriteArrayList<CompactionInfo>()
    @Volatile var onBegin: (CompactionInfo) -> Unit = {}

    override fun onFlushBegin(info: FlushInfo) { flushBegins.incrementAndGet() }
    override fun onFlushEnd(info: FlushInfo) { flushes += info }
    override fun onCompactionBegin(info: CompactionInfo) { begun += info; compactionBegins.incrementAndGet(); onBegin(info) }
    override fun onCompactionEnd(info: CompactionInfo) { compactions += info }

    /** Jobs begun and not yet ended. */
    fun running(): Int = flushBegins.get() - flushes.size + compactionBegins.get() - compactions.size
}

/**
 * Polls until the store has no immutable memtable, no running job and no pending compaction
 * bytes, three polls in a row (a job that just ended may still be choosing its successor).
 */
fun awaitSettled(db: LsmStore, jobs: JobCounter, timeoutMillis: Long = 300_000) {
    val deadline = System.currentTimeMillis() + timeoutMillis
    var quiet = 0
    while (quiet < 3) {
        val st = db.stats()
        quiet = if (st.immutableMemtables() == 0 && st.pendingCompactionBytes() == 0L && jobs.running() == 0) quiet + 1 else 0
        check(System.currentTimeMillis() < deadline) { "store did not settle: $st, running ${jobs.running()}" }
        Thread.sleep(5)
    }
}

/** A clock whose time tests set and advance. */
class MutableClock(start: Long) : Clock() {
    private val now = AtomicLong(start)

    fun advance(millis: Long) { now.addAndGet(millis) }
    override fun millis(): Long = now.get()
    override fun instant(): Instant = Instant.ofEpochMilli(now.get())
    override fun getZone(): ZoneId = ZoneOffset.UTC
    override fun withZone(zone: ZoneId?): Clock = this
}

/** Fixed-width key for index [i]. */
fun testKey(i: Int): ByteArray = "key%08d".format(i).toByteArray()

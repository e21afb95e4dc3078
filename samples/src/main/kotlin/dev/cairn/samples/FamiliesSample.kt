// Column families from Kotlin: an app keeps its activity events in an "events" family with a
// seven-day TTL and time-window compaction (whole expired tables are dropped unread), and
// per-type counters in a "counters" family whose typed Merge adds them up without reads. Each
// event and its counter increment go in one atomic batch spanning both families. A simulated
// clock moves ten days forward, so expiry shows without waiting. Two sessions: the second reopens
// the store, gives the counters' Merge again (code is not persisted) and records a refund in a
// transaction that reads a counter and writes both families at once. It deletes its directory
// first, so it can be run again and again.
package dev.cairn.samples

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.coroutines.Merge
import dev.cairn.lsm.coroutines.Store
import dev.cairn.lsm.coroutines.TypedMap
import dev.cairn.lsm.coroutines.get
import dev.cairn.lsm.coroutines.merge
import dev.cairn.lsm.coroutines.put
import dev.cairn.lsm.coroutines.transaction
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import kotlinx.coroutines.flow.count
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.Serializable
import okio.FileSystem

/** When an event happened and its number that millisecond: events scan in time order. */
@Serializable
data class EventKey(val at: Long, val n: Int)

/** What happened. */
@Serializable
data class Event(val type: String, val detail: String)

/** A clock the sample moves forward by hand (a real app uses the system clock, the default). */
private class SimulatedClock(@Volatile var now: Instant) : Clock() {
    override fun instant(): Instant = now
    override fun getZone(): ZoneId = ZoneOffset.UTC
    override fun withZone(zone: ZoneId?): Clock = this
}

private val DAY = Duration.ofDays(1)
private val TYPES = listOf("click", "view", "purchase")

/** The counters family's options: its typed Merge adds operands. Given after every open. */
private val counting: dev.cairn.lsm.coroutines.FamilyConfig.() -> Unit = { merge(Merge<Long> { a, b -> a + b }) }

/**
 * Records a refund if there was a purchase: the event in "events" and a -1 merged into the counter
 * in "counters", committed together (the block runs again if another commit touched them first).
 */
private suspend fun recordRefund(
    store: Store,
    events: TypedMap<EventKey, Event>,
    counters: TypedMap<String, Long>,
    at: Long,
): Boolean = store.transaction { tx ->
    val purchases = counters.get(tx, "purchase") ?: 0L
    if (purchases == 0L) return@transaction false
    events.put(tx, EventKey(at, 0), Event("refund", "one purchase refunded"))
    counters.merge(tx, "purchase", -1L)
    true
}

/** Runs the sample. */
fun main() = runBlocking {
    val dir = FileSystem.SYSTEM_TEMPORARY_DIRECTORY / "cairn-families-sample"
    FileSystem.SYSTEM.deleteRecursively(dir)
    println("Cairn column-families sample in $dir")
    val clock = SimulatedClock(Instant.parse("2026-12-01T00:00:00Z"))

    // ---- first session: ten simulated days of events ----
    Store.open(dir, parentScope = this) { this.clock = clock }.use { store ->
        val eventsFamily = store.family("events") {
            compaction = CompactionStrategy.timeWindow(DAY)
            ttl = Duration.ofDays(7)
        }
        val events = store.map<EventKey, Event>("events", family = eventsFamily)
        val counters = store.map<String, Long>("counters", family = store.family("counters", counting))

        var n = 0
        repeat(10) { day ->
            repeat(60) { i ->
                val type = TYPES[(day + i) % TYPES.size]
                val key = EventKey(clock.millis(), n++)
                // one atomic batch across two families: the event and its count, or neither
                store.write {
                    events[key] = Event(type, "day $day, event $i")
                    merge(counters, type, 1L)
                }
            }
            eventsFamily.flush() // one table per simulated day, in its own time window
            clock.now = clock.now.plus(DAY)
        }
        println("wrote $n events over 10 days; counters: ${counters.scan().toList().associate { it.key to it.value }}")
        println("events still live (TTL 7 days): ${events.scan().count()}")
        val oldest = events.scan().first()
        println("oldest live event: ${oldest.value.detail} at ${Instant.ofEpochMilli(oldest.key.at)}")
        // background compaction has already dropped whole tables of expired windows
        println("events tables (one flushed per day, 10 days): ${eventsFamily.stats().tableCount()}")
        eventsFamily.compactRange()
        println("events tables after compactRange (expired events gone): ${eventsFamily.stats().tableCount()}")
    }
    println("closed the store")

    // ---- second session: families and their data options are back; the Merge is given again ----
    Store.open(dir, parentScope = this) { this.clock = clock }.use { store ->
        println("reopened: families ${store.families().map { it.name }}")
        val counters = store.map<String, Long>("counters", family = store.family("counters", counting))
        counters.merge("purchase", 1L)
        println("reopened: purchases = ${counters["purchase"]} (one more merged after the reopen)")
        val events = store.map<EventKey, Event>("events", family = store.family("events"))
        println("reopened: ${events.scan().count()} live events")
        // a transaction across both families: read a counter, then write an event and a merge
        val refunded = recordRefund(store, events, counters, clock.millis())
        println("refund recorded in one transaction: $refunded; purchases now ${counters["purchase"]}")
    }
    println("done")
}

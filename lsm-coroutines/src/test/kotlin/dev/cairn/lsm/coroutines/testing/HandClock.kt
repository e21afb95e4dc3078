// A clock specs move by hand, for TTL and versioned reads.
package dev.cairn.lsm.coroutines.testing

import java.time.Clock
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset

/** A clock that reads [now] (epoch milliseconds), which the spec sets. */
class HandClock(@Volatile var now: Long) : Clock() {
    override fun millis(): Long = now
    override fun instant(): Instant = Instant.ofEpochMilli(now)
    override fun getZone(): ZoneId = ZoneOffset.UTC
    override fun withZone(zone: ZoneId?): Clock = this
}

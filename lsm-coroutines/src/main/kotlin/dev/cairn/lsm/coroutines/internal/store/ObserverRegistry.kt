// Who is observing which keys. Writers call notify after each committed batch; it only offers a
// signal to a conflated channel, so it never blocks and a slow collector never slows a writer.
// With no observer registered, notify returns at once. Thread-safe.
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.ColumnFamily
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.channels.Channel

/**
 * One observation: a single key, or the range `[from, to)` (`to == null`: unbounded), of one
 * column family ([family]: its name; null for the default family, the keyspace of raw keys and
 * prefix maps). A write to another family never signals it.
 */
internal class Watch(
    private val from: ByteArray,
    private val to: ByteArray?,
    private val single: Boolean,
    val family: String? = null,
) {
    /** Receives a signal after a committed write that may have changed what this watch sees. */
    val signals = Channel<Unit>(Channel.CONFLATED)

    fun covers(key: ByteArray): Boolean =
        if (single) key.contentEquals(from)
        else ByteKeys.compare(key, from) >= 0 && (to == null || ByteKeys.compare(key, to) < 0)

    /** Whether `[rangeFrom, rangeTo)` holds a key this watch sees. */
    fun overlaps(rangeFrom: ByteArray, rangeTo: ByteArray): Boolean =
        if (single) ByteKeys.compare(from, rangeFrom) >= 0 && ByteKeys.compare(from, rangeTo) < 0
        else ByteKeys.compare(rangeFrom, rangeTo) < 0 &&
            (to == null || ByteKeys.compare(rangeFrom, to) < 0) && ByteKeys.compare(from, rangeTo) < 0

    companion object {
        fun key(key: ByteArray, family: String? = null) = Watch(key, null, single = true, family)
        fun range(from: ByteArray, to: ByteArray?, family: String? = null) = Watch(from, to, single = false, family)
    }
}

/** @return the name watches and touched keys know this family by: null for the default family (or none) */
internal fun ColumnFamily?.watchName(): String? = this?.name()?.takeIf { it != ColumnFamily.DEFAULT_NAME }

internal class ObserverRegistry {
    private val watches = CopyOnWriteArrayList<Watch>()

    @Volatile
    private var closed = false

    /** Registers [watch]; once the registry is closed, the watch's channel is closed at once. */
    fun register(watch: Watch): Watch {
        watches += watch
        if (closed) watch.signals.close()
        return watch
    }

    fun unregister(watch: Watch) {
        watches -= watch
    }

    fun notify(touched: TouchedKeys) {
        if (watches.isEmpty()) return
        for (w in watches) if (touched.touches(w)) w.signals.trySend(Unit)
    }

    /** Ends every observation: their flows complete. */
    fun closeAll() {
        closed = true
        for (w in watches) w.signals.close()
    }
}

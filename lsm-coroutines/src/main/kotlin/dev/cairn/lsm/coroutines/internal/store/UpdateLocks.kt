// Striped mutexes that make read-modify-write updates through one Store atomic with respect to
// each other. A transform must not start another update on the same store: that is refused with
// IllegalStateException rather than risking a deadlock on a shared stripe. Thread-safe.
package dev.cairn.lsm.coroutines.internal.store

import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext

internal class UpdateLocks {
    private val stripes = Array(STRIPES) { Mutex() }

    private class InsideUpdate(val owner: UpdateLocks) : AbstractCoroutineContextElement(Key) {
        companion object Key : CoroutineContext.Key<InsideUpdate>
    }

    suspend fun <R> withLock(key: ByteArray, block: suspend () -> R): R {
        check(currentCoroutineContext()[InsideUpdate]?.owner !== this) {
            "update was called from inside another update's transform on the same store; " +
                "compute the new values first, or use store.write { } for several keys at once"
        }
        val stripe = stripes[(key.contentHashCode() and Int.MAX_VALUE) % STRIPES]
        return stripe.withLock { withContext(InsideUpdate(this)) { block() } }
    }

    private companion object {
        const val STRIPES = 64
    }
}

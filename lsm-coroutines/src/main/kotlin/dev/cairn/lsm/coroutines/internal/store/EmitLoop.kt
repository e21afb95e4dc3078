// Emits a run of items to a FlowCollector in a plain loop: the suspending loop the Kotlin compiler
// would write is a state machine that jumps into the middle of the loop on resumption, and C1
// (HotSpot's first JIT tier) refuses such irreducible loops ("block join failed"), so a scan's emit
// loop ran in the interpreter until C2 got to it, which for short scans (a seek and ten nexts) it
// hardly ever did. Here the loop is ordinary code and the continuation is written by hand, as
// kotlinx.coroutines' own SafeCollector calls emit. Used by one collection, from one coroutine.
package dev.cairn.lsm.coroutines.internal.store

import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlinx.coroutines.flow.FlowCollector

/** `FlowCollector.emit` as the function it compiles to: (collector, value, continuation) -> result or COROUTINE_SUSPENDED. */
@Suppress("UNCHECKED_CAST")
private val emitFun = FlowCollector<Any?>::emit as Function3<FlowCollector<Any?>, Any?, Continuation<Unit>, Any?>

/**
 * Emits what [next] returns, until it returns null, to [collector]; the loop is [run]'s. When an
 * emit suspends, this object is its continuation: the collector resumes it (a flow builder's
 * collector does so on the collection's own dispatcher) and the loop goes on from there.
 */
private abstract class EmitLoop<T : Any>(
    private val collector: FlowCollector<T>,
    private val completion: Continuation<Unit>,
) : Continuation<Unit> {
    override val context: CoroutineContext get() = completion.context

    /** @return the next item to emit, or null when done */
    abstract fun next(): T?

    /** @return Unit when every item was emitted, or COROUTINE_SUSPENDED when an emit suspended */
    fun run(): Any? {
        @Suppress("UNCHECKED_CAST")
        val out = collector as FlowCollector<Any?>
        while (true) {
            val item = next() ?: return Unit
            if (emitFun(out, item, this) === COROUTINE_SUSPENDED) return COROUTINE_SUSPENDED
        }
    }

    override fun resumeWith(result: Result<Unit>) {
        val outcome = runCatching {
            result.getOrThrow()
            run()
        }
        if (outcome.getOrNull() !== COROUTINE_SUSPENDED) completion.resumeWith(outcome.map { })
    }
}

/** Emits the entries [walk] finds in memory (see [RangeWalk.nextInMemory]). */
internal suspend fun <T : Any> FlowCollector<T>.emitWhileInMemory(walk: RangeWalk): Unit =
    suspendCoroutineUninterceptedOrReturn { cont ->
        @Suppress("UNCHECKED_CAST")
        object : EmitLoop<T>(this, cont) {
            override fun next(): T? = walk.nextInMemory() as T?
        }.run()
    }

/** Emits [items] in order. */
internal suspend fun <T : Any> FlowCollector<T>.emitEach(items: List<T>): Unit =
    suspendCoroutineUninterceptedOrReturn { cont ->
        object : EmitLoop<T>(this, cont) {
            private var i = 0

            override fun next(): T? = if (i < items.size) items[i++] else null
        }.run()
    }

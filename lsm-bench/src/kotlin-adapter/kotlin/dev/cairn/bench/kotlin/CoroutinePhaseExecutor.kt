// Runs a phase's workers as coroutines on Dispatchers.Default against the suspend API: one
// coroutine per worker, all started together; the clock stops when the last measured one is
// done, then the background worker (readwhilewriting's writer) is told to stop. Scans collect
// the store's Flow and time it in chunks of WorkerLoop.SCAN_CHUNK entries. Allocation is the
// sum over the dispatcher's worker threads (a coroutine may resume on any of them; so
// readwhilewriting's writer is counted too). One phase at a time.
package dev.cairn.bench.kotlin

import dev.cairn.bench.run.AllocationMeter
import dev.cairn.bench.run.KeySpace
import dev.cairn.bench.run.KeyStream
import dev.cairn.bench.run.Latency
import dev.cairn.bench.run.OpKind
import dev.cairn.bench.run.PhaseExecutor
import dev.cairn.bench.run.PhaseOutcome
import dev.cairn.bench.run.PhasePlan
import dev.cairn.bench.run.ValuePool
import dev.cairn.bench.run.WorkerLoop
import dev.cairn.bench.run.WorkerSpec
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.coroutines.Store
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.takeWhile
import kotlinx.coroutines.runBlocking

/** Runs phases with one coroutine per worker against a [Store]. */
internal class CoroutinePhaseExecutor(private val store: Store) : PhaseExecutor {
    private val increment = KeySpace.counterIncrement()

    override fun run(plan: PhasePlan): PhaseOutcome = runBlocking(Dispatchers.Default) {
        val stop = AtomicBoolean()
        val never = AtomicBoolean()
        val background = plan.background()?.let { spec ->
            async(start = CoroutineStart.LAZY) { work(spec, plan.values(), Latency(), stop) }
        }
        val latencies = plan.measured().map { Latency() }
        val measured = plan.measured().mapIndexed { i, spec ->
            async(start = CoroutineStart.LAZY) { work(spec, plan.values(), latencies[i], never) }
        }
        val allocatedBefore = AllocationMeter.threads(::isDispatcherThread)
        background?.start()
        val start = System.nanoTime()
        measured.forEach { it.start() }
        val results = try {
            measured.awaitAll()
        } finally {
            stop.set(true)
        }
        val nanos = System.nanoTime() - start
        val allocated = AllocationMeter.between(allocatedBefore, AllocationMeter.threads(::isDispatcherThread))
        val backgroundOps = background?.await()?.get(0) ?: 0L
        val merged = Latency()
        latencies.forEach { merged.add(it) }
        PhaseOutcome(results.sumOf { it[0] }, nanos, merged, results.sumOf { it[1] }, backgroundOps, allocated)
    }

    private fun isDispatcherThread(t: Thread): Boolean = t.name.startsWith("DefaultDispatcher-worker")

    /** @return {ops done, found} */
    private suspend fun work(spec: WorkerSpec, values: ValuePool, latency: Latency, stop: AtomicBoolean): LongArray {
        val t = Tally(spec.ops(), latency, stop)
        val keys = spec.keys()
        when (spec.kind()) {
            OpKind.PUT -> puts(keys, values, t, WriteOptions.defaults())
            OpKind.PUT_SYNC -> puts(keys, values, t, WriteOptions.sync())
            OpKind.GET -> gets(keys, t)
            OpKind.GET_MISSING -> missingGets(keys, t)
            OpKind.DELETE -> deletes(keys, t)
            OpKind.MERGE -> merges(keys, t)
            OpKind.SEEK_NEXT10 -> seeks(keys, t)
            OpKind.SCAN_FORWARD, OpKind.SCAN_REVERSE -> return scan(spec, latency)
            OpKind.YCSB -> return ycsbWork(store, spec.ycsb(), spec.ops(), values, latency, stop)
            else -> error("unexpected ${spec.kind()}")
        }
        return longArrayOf(t.done, t.found)
    }

    // One loop per kind, as WorkerLoop has for the Java sessions (see its file comment): a single
    // loop switching on the kind is compiled for the fill that runs first and recompiled when the
    // reads take the other branches, in the measured phase. A user's loop does one thing.

    private suspend fun puts(keys: KeyStream, values: ValuePool, t: Tally, options: WriteOptions) {
        while (t.more()) {
            val k = keys.next()
            val key = KeySpace.key(k)
            val value = values.value(k + t.done)
            t.start()
            store.put(key, value, options)
            t.stop(0)
        }
    }

    private suspend fun gets(keys: KeyStream, t: Tally) {
        while (t.more()) {
            val key = KeySpace.key(keys.next())
            t.start()
            t.stop(if (store.get(key) != null) 1 else 0)
        }
    }

    private suspend fun missingGets(keys: KeyStream, t: Tally) {
        while (t.more()) {
            val key = KeySpace.missingKey(keys.next())
            t.start()
            t.stop(if (store.get(key) != null) 1 else 0)
        }
    }

    private suspend fun deletes(keys: KeyStream, t: Tally) {
        while (t.more()) {
            val key = KeySpace.key(keys.next())
            t.start()
            store.delete(key)
            t.stop(0)
        }
    }

    private suspend fun merges(keys: KeyStream, t: Tally) {
        while (t.more()) {
            val key = KeySpace.counterKey(keys.next())
            t.start()
            store.merge(key, increment)
            t.stop(0)
        }
    }

    private suspend fun seeks(keys: KeyStream, t: Tally) {
        while (t.more()) {
            val key = KeySpace.key(keys.next())
            t.start()
            var n = 0
            store.scan(from = key).take(11).collect { n++ }
            t.stop(n.toLong())
        }
    }

    private suspend fun scan(spec: WorkerSpec, latency: Latency): LongArray {
        var done = 0L
        var inChunk = 0L
        var chunkStart = System.nanoTime()
        store.scan(reverse = spec.kind() == OpKind.SCAN_REVERSE).takeWhile { done < spec.ops() }.collect { e ->
            e.key
            e.value
            done++
            if (++inChunk == WorkerLoop.SCAN_CHUNK.toLong()) {
                val now = System.nanoTime()
                latency.recordSpread(now - chunkStart, inChunk)
                chunkStart = now
                inChunk = 0
            }
        }
        latency.recordSpread(System.nanoTime() - chunkStart, inChunk)
        return longArrayOf(done, done)
    }
}

/** One worker's books, as WorkerLoop's Tally: operations done and found, the stop flag, the clock. */
private class Tally(private val ops: Long, private val latency: Latency, private val stop: AtomicBoolean) {
    var done = 0L
    var found = 0L
    private var started = 0L

    /** @return whether to do another operation: some are left and the worker was not stopped */
    fun more(): Boolean = done < ops && !stop.get()

    /** Starts the clock for one operation. */
    fun start() {
        started = System.nanoTime()
    }

    /** Stops the clock, records the latency and counts the operation, with [hits] found. */
    fun stop(hits: Long) {
        latency.record(System.nanoTime() - started)
        done++
        found += hits
    }
}

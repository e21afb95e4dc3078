// Runs a phase's workers as coroutines on Dispatchers.Default against the suspend API: one
// coroutine per worker, all started together; the clock stops when the last measured one is
// done, then the background worker (readwhilewriting's writer) is told to stop. Scans collect
// the store's Flow and time it in chunks of WorkerLoop.SCAN_CHUNK entries. Allocation is the
// sum over the dispatcher's worker threads (a coroutine may resume on any of them; so
// readwhilewriting's writer is counted too). One phase at a time.
package dev.cairn.bench.kotlin

import dev.cairn.bench.run.AllocationMeter
import dev.cairn.bench.run.KeySpace
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
        if (spec.kind() == OpKind.SCAN_FORWARD || spec.kind() == OpKind.SCAN_REVERSE) {
            return scan(spec, latency)
        }
        if (spec.kind() == OpKind.YCSB) {
            return ycsbWork(store, spec.ycsb(), spec.ops(), values, latency, stop)
        }
        var done = 0L
        var found = 0L
        val keys = spec.keys()
        while (done < spec.ops() && !stop.get()) {
            val k = keys.next()
            val started: Long
            when (spec.kind()) {
                OpKind.PUT, OpKind.PUT_SYNC -> {
                    val key = KeySpace.key(k)
                    val value = values.value(k + done)
                    val options = if (spec.kind() == OpKind.PUT_SYNC) WriteOptions.sync() else WriteOptions.defaults()
                    started = System.nanoTime()
                    store.put(key, value, options)
                }
                OpKind.GET, OpKind.GET_MISSING -> {
                    val key = if (spec.kind() == OpKind.GET) KeySpace.key(k) else KeySpace.missingKey(k)
                    started = System.nanoTime()
                    if (store.get(key) != null) found++
                }
                OpKind.DELETE -> {
                    val key = KeySpace.key(k)
                    started = System.nanoTime()
                    store.delete(key)
                }
                OpKind.MERGE -> {
                    val key = KeySpace.counterKey(k)
                    started = System.nanoTime()
                    store.merge(key, increment)
                }
                OpKind.SEEK_NEXT10 -> {
                    val key = KeySpace.key(k)
                    started = System.nanoTime()
                    store.scan(from = key).take(11).collect { found++ }
                }
                else -> error("unexpected ${spec.kind()}")
            }
            latency.record(System.nanoTime() - started)
            done++
        }
        return longArrayOf(done, found)
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

// The YCSB worker loop on Cairn's suspend API: the same draws as the Java YcsbLoop (the
// YcsbWorker decides the operation, key and record), run with suspend gets and puts and a Flow
// for scans. One coroutine per worker.
package dev.cairn.bench.kotlin

import dev.cairn.bench.run.KeySpace
import dev.cairn.bench.run.Latency
import dev.cairn.bench.run.ValuePool
import dev.cairn.bench.ycsb.YcsbOp
import dev.cairn.bench.ycsb.YcsbWorker
import dev.cairn.lsm.coroutines.Store
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.flow.take

/**
 * Runs [ops] YCSB operations of [worker] against [store].
 *
 * @return {ops done, found}: reads that found their record plus records read by scans
 */
internal suspend fun ycsbWork(
    store: Store, worker: YcsbWorker, ops: Long, values: ValuePool, latency: Latency, stop: AtomicBoolean,
): LongArray {
    var done = 0L
    var found = 0L
    while (done < ops && !stop.get()) {
        val started: Long
        when (worker.nextOp()) {
            YcsbOp.READ -> {
                val key = worker.chooseKey()
                started = System.nanoTime()
                if (store.get(key) != null) found++
            }
            YcsbOp.UPDATE -> {
                val key = worker.chooseKey()
                val record = worker.record(values)
                started = System.nanoTime()
                store.put(key, record)
            }
            YcsbOp.INSERT -> {
                val k = worker.claimInsert()
                val key = KeySpace.key(k)
                val record = worker.record(values)
                started = System.nanoTime()
                store.put(key, record)
                worker.inserted(k)
            }
            YcsbOp.SCAN -> {
                val key = worker.chooseKey()
                val length = worker.scanLength()
                started = System.nanoTime()
                store.scan(from = key).take(length).collect { e ->
                    e.key
                    e.value
                    found++
                }
            }
            YcsbOp.READ_MODIFY_WRITE -> {
                val key = worker.chooseKey()
                started = System.nanoTime()
                val old = store.get(key)
                if (old != null) found++
                store.put(key, worker.withOneFieldChanged(old, values))
            }
        }
        latency.record(System.nanoTime() - started)
        worker.progress(++done)
    }
    return longArrayOf(done, found)
}

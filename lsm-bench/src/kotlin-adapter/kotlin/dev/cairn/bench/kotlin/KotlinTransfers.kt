// The txn workload on Cairn's Kotlin face: store.transaction { tx -> } (its own retries and
// jittered backoff, attempts counted by how often the block ran) and store.write { } batches.
// Loaded by class name from TransferTargets; each writer thread blocks on its own call
// (runBlocking), as a thread-per-request service would. Thread-safe.
package dev.cairn.bench.kotlin

import dev.cairn.bench.store.StoreConfig
import dev.cairn.bench.txn.Counters
import dev.cairn.bench.txn.TransferTarget
import dev.cairn.lsm.coroutines.Store
import dev.cairn.lsm.coroutines.transaction
import java.nio.file.Path
import kotlinx.coroutines.runBlocking

/** Cairn's Kotlin transactions. */
public class KotlinTransfers(dir: Path, config: StoreConfig) : TransferTarget {
    private val store: Store = runBlocking {
        Store.open(dir) {
            blockCacheBytes = config.cacheBytes()
            bloomBitsPerKey = config.bloomBitsPerKey()
        }
    }

    override fun transfer(from: ByteArray, to: ByteArray): Int = runBlocking {
        var attempts = 0
        store.transaction(maxAttempts = Int.MAX_VALUE) { tx ->
            attempts++
            val a = Counters.decode(tx.get(from))
            val b = Counters.decode(tx.get(to))
            tx.put(from, Counters.encode(a - 1))
            tx.put(to, Counters.encode(b + 1))
        }
        attempts - 1
    }

    override fun batch(from: ByteArray, to: ByteArray, value: ByteArray): Unit = runBlocking {
        store.write { put(from, value); put(to, value) }
    }

    override fun close(): Unit = runBlocking { store.close() }
}

// cairn-kotlin: Cairn through its Kotlin face (dev.cairn.lsm.coroutines.Store) — suspend puts,
// gets and deletes, Flow scans. Same options as the Java adapter. Phases run as coroutines
// (one per worker) on Dispatchers.Default, so a Kotlin user's code path is what is timed.
// Loaded by class name (StoreRegistry); compiled only when lsm-coroutines has a Store (see the
// cairn-kotlin profile in lsm-bench/pom.xml). Thread-safe.
package dev.cairn.bench.kotlin

import dev.cairn.bench.run.PhaseExecutor
import dev.cairn.bench.store.BenchStore
import dev.cairn.bench.store.CairnAdapter
import dev.cairn.bench.store.ScanCursor
import dev.cairn.bench.store.Session
import dev.cairn.bench.store.StoreConfig
import dev.cairn.bench.store.StoreDescription
import dev.cairn.bench.store.StoreFactory
import dev.cairn.bench.store.Versions
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.coroutines.Store
import java.nio.file.Path
import java.util.Locale
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.runBlocking

/** Factory for the `cairn-kotlin` store: Cairn's suspend API and Flow scans. */
public class CairnKotlinAdapter : StoreFactory {

    override fun describe(config: StoreConfig): StoreDescription {
        val o = CairnAdapter.options(config)
        return StoreDescription(
            "cairn-kotlin", "cairn ${Versions.of("cairn")} (Kotlin: suspend calls, Flow scans)",
            o.compression().name.lowercase(Locale.ROOT) + " (default)",
            "WAL append reaches the OS (survives kill -9), no fsync; fillsync: WriteOptions.sync() (group commit)",
            "block cache ${o.blockCacheBytes() shr 20} MiB", "bloom ${o.bloomBitsPerKey()} bits/key",
        )
    }

    override fun open(dir: Path, config: StoreConfig): BenchStore {
        // The Java face's options, so --compaction, --ttl and --memtable-kb reach both faces alike.
        val o = CairnAdapter.options(config)
        val store = runBlocking {
            Store.open(dir) {
                blockCacheBytes = o.blockCacheBytes()
                bloomBitsPerKey = o.bloomBitsPerKey()
                memtableSizeBytes = o.memtableSizeBytes()
                compaction = o.compaction()
                ttl = o.ttl()
                mergeOperator = MergeOperators.uint64Add()
            }
        }
        return KotlinBenchStore(store)
    }
}

/** An open Kotlin store; phases run through [CoroutinePhaseExecutor]. */
private class KotlinBenchStore(private val store: Store) : BenchStore {

    override fun executor(): PhaseExecutor = CoroutinePhaseExecutor(store)

    override fun flush() = runBlocking { store.flush() }

    /** A blocking session for callers that want one; the harness's phases use [executor]. */
    override fun session(): Session = object : Session {
        override fun put(key: ByteArray, value: ByteArray, sync: Boolean) = runBlocking {
            store.put(key, value, if (sync) WriteOptions.sync() else WriteOptions.defaults())
        }

        override fun get(key: ByteArray): ByteArray? = runBlocking { store.get(key) }

        override fun delete(key: ByteArray) = runBlocking { store.delete(key) }

        override fun merge(key: ByteArray, operand: ByteArray) = runBlocking { store.merge(key, operand) }

        override fun seekAndNext(key: ByteArray, nexts: Int): Int = runBlocking {
            var n = 0
            store.scan(from = key).take(nexts + 1).collect { n++ }
            n
        }

        override fun scan(reverse: Boolean): ScanCursor =
            throw UnsupportedOperationException("cairn-kotlin scans run through its coroutine executor")

        override fun close() {}
    }

    override fun close() = runBlocking { store.close() }
}

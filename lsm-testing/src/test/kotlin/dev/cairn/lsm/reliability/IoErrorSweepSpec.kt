// Specifies behaviour under I/O errors: for n = 1..K the n-th file operation of a workload fails,
// once or from then on. The failing call (or a later one) reports an LsmException, the store stays
// readable, nothing leaks, and once the fault is gone the reopened store equals a model prefix
// that keeps every acknowledged write.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.testing.CrashFileSystem
import dev.cairn.lsm.testing.FaultFileSystem
import dev.cairn.lsm.testing.FaultRule
import io.kotest.core.spec.style.FunSpec
import okio.ByteString.Companion.encodeUtf8
import okio.Path.Companion.toPath
import java.util.Random

private val dir = "/db".toPath()

/** Runs [ops] until one fails; returns how many writes were acknowledged and whether a write was in flight when it failed. */
private class Outcome(val acked: Int, val uncertain: Boolean, val failure: Throwable?)

private fun runWorkload(store: LsmStore, ops: List<Op>, history: History): Outcome {
    for (op in ops) {
        try {
            if (op.isWrite) history.begin(op)
            store.apply(op)
            if (op.isWrite) history.acknowledged(op)
        } catch (e: Throwable) {
            return Outcome(history.acked, op.isWrite, e)
        }
    }
    return Outcome(history.acked, false, null)
}

private fun requireClear(e: Throwable, context: String) {
    if (e !is LsmException) throw AssertionError("$context: expected an LsmException, got $e", e)
    if (e.message.isNullOrBlank()) throw AssertionError("$context: exception without a message", e)
}

/** -Dcairn.sweep.afterOpen=true arms faults only once the store is open (to look past failures at open). */
private val ARM_AFTER_OPEN = System.getProperty("cairn.sweep.afterOpen") == "true"

class IoErrorSweepSpec : FunSpec({

    fun options(fs: okio.FileSystem): StoreOptions = StoreConfigs.tiny(fs).toBuilder().backgroundThreads(1).build()

    fun workload(seed: Long): List<Op> {
        val gen = OpGenerator(Random(seed), keyCount = 120, syncProbability = 0.3, flushProbability = 0.03, compactProbability = 0.01)
        return List(160) { gen.next() }.filter { it !is Op.Reopen }
    }

    /** One run with [rule] added before the store is opened; returns faults injected. */
    fun sweepOne(seed: Long, ops: List<Op>, rule: FaultRule?, context: String): Long {
        val base = CrashFileSystem()
        // The store exists before the fault is armed (creation under faults is InterruptedCreationSpec's business).
        LsmStore.open(dir, options(base)).close()
        val fs = FaultFileSystem(base)
        if (rule != null && !ARM_AFTER_OPEN) fs.add(rule)
        val history = History(Model())
        var store: LsmStore? = null
        var outcome: Outcome
        try {
            store = LsmStore.open(dir, options(fs))
            if (rule != null && ARM_AFTER_OPEN) fs.add(rule)
            outcome = runWorkload(store, ops, history)
        } catch (e: Throwable) {
            outcome = Outcome(0, false, e)
        }
        outcome.failure?.let { requireClear(it, "$context: the failing call") }
        // The store stays readable (reads themselves may meet a persistent fault).
        if (store != null && outcome.failure != null && rule != null && !rule.isPersistent) {
            try {
                val actual = readAll(store)
                history.matchingIndex(actual, outcome.acked, outcome.acked + if (outcome.uncertain) 1 else 0)
                    ?: throw AssertionError("$context: after the failure the open store reads " + diff(history.modelAt(outcome.acked).contents(), actual))
            } catch (e: LsmException) {
                // a read may still meet the fault's consequences (for example a table that failed to open)
            }
        }
        try {
            store?.close()
        } catch (e: Throwable) {
            requireClear(e, "$context: close")
        }
        val injected = fs.faultsInjected()
        fs.clearFaults()
        try {
            base.checkNoOpenFiles()
        } catch (e: IllegalStateException) {
            throw AssertionError("$context: after close, ${e.message} (first failure: ${outcome.failure})", e)
        }
        // With the fault gone, the store reopens with every acknowledged write.
        val reopenedStore = try {
            LsmStore.open(dir, options(base))
        } catch (e: Throwable) {
            throw AssertionError("$context: with the fault gone the store does not reopen: $e (first failure: ${outcome.failure})", e)
        }
        reopenedStore.use { reopened ->
            val actual = readAll(reopened)
            history.matchingIndex(actual, outcome.acked, outcome.acked + if (outcome.uncertain) 1 else 0)
                ?: throw AssertionError("$context: after reopening, " + diff(history.modelAt(outcome.acked).contents(), actual) +
                    " (acked ${outcome.acked}, failure ${outcome.failure})")
            reopened.put("after".encodeToByteArray(), "fault".encodeToByteArray(), WriteOptions.sync())
        }
        base.checkNoOpenFiles()
        return injected
    }

    /**
     * For each seed from [seedBase], counts the file operations of the workload (K), then runs it
     * once per n in 1..K (every [divisor]-th n unless CAIRN_LONG) with [rule] of n armed.
     */
    fun sweep(kind: String, seedBase: Long, divisor: Long, rule: (Long) -> FaultRule, what: String) {
        var injected = 0L
        var runs = 0
        for (seed in Reliability.seeds(base = seedBase, ci = 1, factor = 5)) withSeed("I/O-error sweep ($kind)", seed) {
            val ops = workload(seed)
            val probeDisk = CrashFileSystem()
            LsmStore.open(dir, options(probeDisk)).close()
            val probe = FaultFileSystem(probeDisk)
            LsmStore.open(dir, options(probe)).use { runWorkload(it, ops, History(Model())).failure?.let { e -> throw e } }
            val k = probe.totalCount()
            val step = if (Reliability.long) 1 else maxOf(1L, k / divisor)
            var n = 1L
            while (n <= k) {
                injected += sweepOne(seed, ops, rule(n), "$kind fault $what operation $n of $k")
                runs++
                n += step
            }
        }
        println("[figures] I/O-error sweep ($kind): $runs runs, $injected faults injected")
    }

    test("failing the n-th file operation once, for every n, loses no acknowledged write") {
        sweep("transient", seedBase = 7_100, divisor = 400, rule = { n -> FaultRule.nthOfAny(n) }, what = "at")
    }

    test("failing every file operation from the n-th on, for every n, loses no acknowledged write") {
        sweep("persistent", seedBase = 7_200, divisor = 250, rule = { n -> FaultRule.nthOfAny(n).persistent() }, what = "from")
    }

    test("a full disk fails writes clearly, keeps the store readable, and resume works once space is back") {
        for (seed in Reliability.seeds(base = 7_300, ci = 4)) withSeed("disk full", seed) {
            val random = Random(seed)
            val base = CrashFileSystem()
            base.createDirectory(dir)
            val fs = FaultFileSystem(base)
            val history = History(Model())
            val ops = workload(seed)
            LsmStore.open(dir, options(fs)).use { store ->
                fs.diskFull(1000L + random.nextInt(40_000))
                val outcome = runWorkload(store, ops, history)
                outcome.failure?.let { requireClear(it, "disk full") }
                val actual = readAll(store)
                history.matchingIndex(actual, outcome.acked, outcome.acked + if (outcome.uncertain) 1 else 0)
                    ?: throw AssertionError("while the disk is full: " + diff(history.modelAt(outcome.acked).contents(), actual))
                fs.clearFaults()
                if (outcome.failure != null) {
                    try {
                        store.resume()
                    } catch (e: LsmException) {
                        // resume may find nothing to retry; the write below tells whether the store works
                    }
                }
                store.put("k".encodeToByteArray(), "after".encodeToByteArray(), WriteOptions.sync())
            }
            base.checkNoOpenFiles()
            LsmStore.open(dir, options(base)).use { store ->
                check(store.get("k".encodeToByteArray())?.decodeToString() == "after") { "write after resume lost" }
            }
        }
    }
})

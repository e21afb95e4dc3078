// One seeded crash-point run: a random workload on a CrashFileSystem while power-cut clones are
// taken between operations and in the middle of background I/O; each clone is reopened and must
// hold a model prefix between the last durable and the last started write. Confined to the
// calling thread except the observer, which is thread-safe.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.testing.CrashFileSystem
import dev.cairn.lsm.testing.FaultFileSystem
import dev.cairn.lsm.testing.FaultOperation
import okio.ByteString.Companion.encodeUtf8
import okio.Path.Companion.toPath
import java.util.Random
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicLong

/** Figures of one or more runs. */
class CrashFigures {
    var crashPoints = 0
    var duringBackgroundIo = 0
    var restartsFromCrash = 0
    var ops = 0
    operator fun plusAssign(o: CrashFigures) {
        crashPoints += o.crashPoints; duringBackgroundIo += o.duringBackgroundIo
        restartsFromCrash += o.restartsFromCrash; ops += o.ops
    }
    override fun toString() =
        "$crashPoints crash points ($duringBackgroundIo inside file operations), $restartsFromCrash restarts from a crashed state, $ops ops"
}

class CrashRun(
    private val seed: Long,
    private val opCount: Int,
    private val ioCrashProbability: Double,
    private val opCrashProbability: Double,
    private val restartProbability: Double,
    /** Encrypts the store's files when not null. */
    private val encryption: Encryption? = null,
) {
    private val dir = "/db".toPath()
    private val random = Random(seed)
    private val cloneSeeds = AtomicLong(seed * 7919)
    private val observerRandom = Random(seed xor 0x5DEECE66DL)
    private val pending = ConcurrentLinkedQueue<CrashPoint>()
    private val figures = CrashFigures()

    @Volatile private var capturing = false
    @Volatile private var crash = CrashFileSystem()
    @Volatile private var history = History(Model())
    private lateinit var options: StoreOptions

    private class CrashPoint(val fs: CrashFileSystem, val lo: Int, val hi: Int, val history: History, val where: String)

    private fun capture(where: String) {
        val h = history
        val lo = h.durable
        val clone = crash.crashClone(Random(cloneSeeds.incrementAndGet()), 0.5)
        val hi = h.started
        pending += CrashPoint(clone, lo, hi, h, where)
    }

    private fun observed(op: FaultOperation, path: okio.Path) {
        if (!capturing) return
        if (op != FaultOperation.WRITE && op != FaultOperation.SYNC && op != FaultOperation.RENAME &&
            op != FaultOperation.DELETE) return
        val take = synchronized(observerRandom) { observerRandom.nextDouble() < ioCrashProbability }
        if (take) capture("before $op ${path.name} on ${Thread.currentThread().name}")
    }

    private fun open(fs: CrashFileSystem): LsmStore {
        val faults = FaultFileSystem(fs).observe(::observed)
        return LsmStore.open(dir, options.toBuilder().fileSystem(faults).build())
    }

    /** Opens [point]'s clone, checks it against the history, and returns the index it matched. */
    private fun verify(point: CrashPoint): Int {
        val store = try {
            LsmStore.open(dir, options.toBuilder().fileSystem(point.fs).build())
        } catch (e: Exception) {
            throw AssertionError("crash point ${point.where} (after ${figures.crashPoints} verified): reopening failed: $e", e)
        }
        val index = store.use { s ->
            val actual = readAll(s)
            val index = point.history.matchingIndex(actual, point.lo, point.hi)
                ?: throw AssertionError(
                    "crash point ${point.where} (after ${figures.crashPoints} verified): state matches no model between write ${point.lo} (durable) and " +
                        "${point.hi} (started); vs the durable one: " + diff(point.history.modelAt(point.lo).contents(), actual) +
                        "; " + (firstDifferentKey(point.history.modelAt(point.lo).contents(), actual)?.let { point.history.story(it) } ?: "") +
                        "; files: " + point.fs.list(dir).joinToString(" ") { it.name + "(" + point.fs.metadata(it).size + ")" })
            // Point reads must agree with the scan.
            val model = point.history.modelAt(index)
            for (k in model.contents().keys.take(20)) {
                val v = s.get(k.toByteArray(), ReadOptions.defaults())
                check(v != null && v.contentEquals(model.get(k)!!.toByteArray())) { "crash point ${point.where}: get(${k.hex()}) disagrees with the scan" }
            }
            index
        }
        point.fs.checkNoOpenFiles()
        figures.crashPoints++
        if (point.where.startsWith("before")) figures.duringBackgroundIo++
        return index
    }

    private fun drain() {
        while (true) verify(pending.poll() ?: return)
    }

    fun run(): CrashFigures {
        options = StoreConfigs.randomTiny(crash, random).toBuilder().encryption(encryption).build()
        val gen = OpGenerator(random, keyCount = 300, flushProbability = 0.01, compactProbability = 0.004, reopenProbability = 0.003,
            mergeProbability = 0.2)
        var store = open(crash)
        capturing = true
        try {
            repeat(opCount) {
                val op = gen.next()
                figures.ops++
                when {
                    op is Op.Reopen -> {
                        history.note("reopen")
                        store.close()
                        history.allDurable()
                        store = open(crash)
                    }
                    op.isWrite -> {
                        history.begin(op)
                        store.apply(op)
                        history.acknowledged(op)
                    }
                    else -> {
                        history.note("$op begins")
                        store.apply(op)
                        if (op is Op.Flush) history.allDurable()
                        history.note("$op ends")
                    }
                }
                if (random.nextDouble() < opCrashProbability) capture("between ops after op $it")
                drain()
                if (random.nextDouble() < restartProbability) {
                    store = restartFromCrash(store)
                }
            }
            capturing = false
            store.close()
            history.allDurable()
            drain()
            crash.checkNoOpenFiles()
            // A clean close loses nothing.
            LsmStore.open(dir, options.toBuilder().fileSystem(crash.crashClone()).build()).use { s ->
                val actual = readAll(s)
                val expected = history.modelAt(history.acked).contents()
                check(actual == expected) { "after a clean close and a power cut: " + diff(expected, actual) }
            }
        } finally {
            capturing = false
            runCatching { store.close() }
        }
        return figures
    }

    /** Pulls the plug: continues the workload on a crash clone, from the state it recovered. */
    private fun restartFromCrash(store: LsmStore): LsmStore {
        val h = history
        val lo = h.durable
        val clone = crash.crashClone(Random(cloneSeeds.incrementAndGet()), 0.5)
        val hi = h.started
        capturing = false
        store.close()
        drain()
        // Verify on a copy, so the workload continues on the state exactly as the power cut left it.
        val index = verify(CrashPoint(clone.crashClone(), lo, hi, h, "restart"))
        figures.restartsFromCrash++
        history = History(h.modelAt(index))
        crash = clone
        val reopened = open(clone)
        val recovered = readAll(reopened)
        check(recovered == history.modelAt(0).contents()) {
            "recovering the same crashed state twice gave different results: " + diff(history.modelAt(0).contents(), recovered)
        }
        // The recovered store takes writes again; a synced one is durable at once.
        val marker = Op.Put("marker".encodeUtf8(), "after restart ${figures.restartsFromCrash}".encodeUtf8(), sync = true)
        history.begin(marker)
        reopened.put(marker.key.toByteArray(), marker.value.toByteArray(), WriteOptions.sync())
        history.acknowledged(marker)
        capturing = true
        return reopened
    }
}

// Specifies crash safety of transaction commits: a power cut before every file operation (each
// WAL append and sync, and any log rotation or flush the commit sets off) of a run of
// transactions, synced and not, each writing several keys, deleting single keys and ranges of
// earlier transactions' keys. Every cut is reopened and must show each transaction wholly present
// or wholly absent, every acknowledged synced transaction (and everything before a flush) present.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.TransactionOptions
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.testing.CrashFileSystem
import dev.cairn.lsm.testing.FaultFileSystem
import dev.cairn.lsm.testing.FaultOperation
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import okio.ByteString
import okio.ByteString.Companion.encodeUtf8
import okio.ByteString.Companion.toByteString
import okio.Path.Companion.toPath
import java.util.Random

private val CUT_BEFORE = setOf(FaultOperation.WRITE, FaultOperation.SYNC, FaultOperation.RENAME, FaultOperation.DELETE)

/** One transaction of the run: its marker key (written by it alone, never deleted) tells whether it survived. */
private class Txn(val index: Int, val ops: List<Op>, val sync: Boolean) {
    val marker: ByteString = "m%05d".format(index).encodeUtf8()
}

/** A power cut taken while transaction [during] was committing (or between commits when it is -1). */
private class Cut(val fs: CrashFileSystem, val acked: Int, val durable: Set<Int>, val during: Int, val where: String)

private class TransactionCrashRun(private val seed: Long, private val txnCount: Int) {
    private val random = Random(seed)
    private val cloneRandom = Random(seed * 31)
    private val crash = CrashFileSystem()
    private val dir = "/txn".toPath()
    private val txns = ArrayList<Txn>()
    private val cuts = ArrayList<Cut>()
    /** Transactions that must survive any cut from now: acknowledged synced ones, and all before a flush. */
    private val durable = HashSet<Int>()
    @Volatile private var committing = -1
    private lateinit var options: StoreOptions
    var verified = 0
        private set
    /** Cuts after which some acknowledged (unsynced) or in-flight transaction was gone: the losses a cut may cause. */
    var withLosses = 0
        private set

    private fun key(txn: Int, i: Int) = "k%05d-%02d".format(txn, i).encodeUtf8()

    private fun value(txn: Int, i: Int): ByteString {
        // Mostly small; now and then large enough to span WAL blocks (fragmented records).
        val size = if (random.nextInt(10) == 0) 20_000 + random.nextInt(30_000) else 1 + random.nextInt(200)
        val bytes = ByteArray(size) { (txn * 31 + i + it).toByte() }
        return bytes.toByteString()
    }

    private fun nextTxn(index: Int): Txn {
        val ops = ArrayList<Op>()
        ops += Op.Put("m%05d".format(index).encodeUtf8(), "t$index".encodeUtf8())
        repeat(2 + random.nextInt(5)) { ops += Op.Put(key(index, it), value(index, it)) }
        ops += Op.Put("shared%02d".format(random.nextInt(8)).encodeUtf8(), "t$index".encodeUtf8())
        if (index > 0 && random.nextInt(3) == 0) {
            val victim = random.nextInt(index)
            ops += Op.DeleteRange("k%05d-".format(victim).encodeUtf8(), "k%05d.".format(victim).encodeUtf8())
        }
        if (index > 0 && random.nextInt(3) == 0) ops += Op.Delete(key(random.nextInt(index), random.nextInt(3)))
        if (index > 0 && random.nextInt(4) == 0) {
            // A deleteRange then a put inside it: the put must survive (order inside the record).
            val victim = random.nextInt(index)
            ops += Op.DeleteRange(key(victim, 0), key(victim, 9))
            ops += Op.Put(key(victim, 1), "revived by $index".encodeUtf8())
        }
        return Txn(index, ops, sync = random.nextBoolean())
    }

    private fun observed(op: FaultOperation, path: okio.Path) {
        val during = committing
        if (during < 0 || op !in CUT_BEFORE) return
        synchronized(cuts) {
            val keep = if (cloneRandom.nextBoolean()) 0.0 else 1.0 // nothing unsynced survives, or a random prefix of it
            val fs = crash.crashClone(Random(cloneRandom.nextLong()), keep)
            cuts += Cut(fs, during, HashSet(durable), during, "before $op ${path.name} committing transaction $during")
        }
    }

    private fun commit(db: LsmStore, txn: Txn) {
        val writeOptions = if (txn.sync) WriteOptions.sync() else WriteOptions.noSync()
        db.beginTransaction(TransactionOptions.defaults().writeOptions(writeOptions)).use { tx ->
            for (op in txn.ops) when (op) {
                is Op.Put -> tx.put(op.key.toByteArray(), op.value.toByteArray())
                is Op.Delete -> tx.delete(op.key.toByteArray())
                is Op.DeleteRange -> tx.deleteRange(op.from.toByteArray(), op.to.toByteArray())
                else -> error("not a transaction write: $op")
            }
            committing = txn.index
            try {
                tx.commit()
            } finally {
                committing = -1
            }
        }
    }

    fun run(): TransactionCrashRun {
        options = StoreConfigs.tiny(crash).toBuilder().memtableSizeBytes(64 * 1024).backgroundThreads(1).build()
        val faults = FaultFileSystem(crash).observe(::observed)
        LsmStore.open(dir, options.toBuilder().fileSystem(faults).build()).use { db ->
            for (i in 0 until txnCount) {
                val txn = nextTxn(i)
                txns += txn
                commit(db, txn)
                if (txn.sync) durable += i
                if (random.nextInt(25) == 0) {
                    db.flush()
                    for (t in 0..i) durable += t
                }
                if (random.nextInt(10) == 0) {
                    synchronized(cuts) { cuts += Cut(crash.crashClone(Random(cloneRandom.nextLong()), 0.5), i, HashSet(durable), -1, "between commits after $i") }
                }
                verifyPending()
            }
        }
        verifyPending()
        return this
    }

    private fun verifyPending() {
        val taken = synchronized(cuts) { ArrayList(cuts).also { cuts.clear() } }
        for (cut in taken) verify(cut)
    }

    /** Reopens [cut]: the markers present name the surviving transactions; the state must be exactly theirs. */
    private fun verify(cut: Cut) {
        val actual = try {
            LsmStore.open(dir, options.toBuilder().fileSystem(cut.fs).build()).use { readAll(it) }
        } catch (e: Exception) {
            throw AssertionError("power cut ${cut.where}: reopening failed: $e", e)
        }
        val last = maxOf(cut.acked, cut.during)
        val survived = (0..last).filter { actual.containsKey(txns[it].marker) }
        val lost = cut.durable.filter { it !in survived }
        check(lost.isEmpty()) { "power cut ${cut.where}: acknowledged durable transactions lost: $lost" }
        check(actual.keys.none { it.utf8().startsWith("m") && it.utf8().substring(1).toInt() > last }) {
            "power cut ${cut.where}: a transaction newer than $last appears"
        }
        val model = Model()
        for (t in survived) txns[t].ops.forEach { model.apply(it) }
        check(model.contents() == actual) {
            "power cut ${cut.where}: the state is not the whole of the surviving transactions $survived (a torn transaction): " +
                diff(model.contents(), actual)
        }
        cut.fs.checkNoOpenFiles()
        verified++
        if (survived.size <= last) withLosses++
    }
}

class TransactionCrashSpec : FunSpec({
    test("a power cut at every file operation of a commit leaves each transaction whole or absent and keeps synced ones") {
        var total = 0
        for (seed in Reliability.seeds(base = 77_000, ci = 2)) {
            val run = withSeed("transaction crash points", seed) { TransactionCrashRun(seed, txnCount = 60).run() }
            println("[figures] transaction crash points, seed $seed: ${run.verified} power cuts checked, ${run.withLosses} lost unsynced or in-flight transactions")
            total += run.verified
        }
        total shouldBeGreaterThan 100
    }
})

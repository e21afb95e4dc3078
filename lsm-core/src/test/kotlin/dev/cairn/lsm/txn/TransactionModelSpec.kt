// The transaction model: random interleavings of transactions (snapshot isolation, serializable,
// read-only) over two column families, the default one and "b", checked against an oracle that
// decides every commit and answers every read. A model key is "a:k07" (the default family) or
// "b:k07"; a range never leaves its family, and a cursor that runs off its family's end covers
// up to the family's edge ("a:" .. "a;"), so the oracle validates per (family, key) as the store must.
package dev.cairn.lsm.txn

import dev.cairn.lsm.ColumnFamily
import dev.cairn.lsm.ColumnFamilyOptions
import dev.cairn.lsm.Cursor
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.Transaction
import dev.cairn.lsm.TransactionConflictException
import dev.cairn.lsm.TransactionOptions
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll
import java.util.TreeMap
import java.util.TreeSet
import kotlin.random.Random
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

/** A half-open key range; null bounds are open. Keys are ASCII, so String order is the store's byte order. */
private data class KeyRange(val from: String?, val to: String?) {
    fun covers(k: String) = (from == null || from <= k) && (to == null || k < to)
    fun overlaps(o: KeyRange) = (from == null || o.to == null || from < o.to) && (o.from == null || to == null || o.from < to)
}

private fun succ(k: String) = k + "\u0000"

/** What one commit wrote, as validation sees it. */
private class Written(val keys: Set<String>, val ranges: List<KeyRange>) {
    fun meets(keys: Collection<String>, ranges: Collection<KeyRange>): Boolean =
        keys.any { k -> k in this.keys || this.ranges.any { it.covers(k) } } ||
            ranges.any { r -> this.keys.any { r.covers(it) } || this.ranges.any { it.overlaps(r) } }
}

/** The oracle's side of one open transaction: its view, its write set and what it read. */
private class ModelTx(val real: Transaction, val mode: String, val startCommit: Int, snapshot: TreeMap<String, String>) {
    val serializable = mode == "serializable"
    val readOnly = mode == "readOnly"
    var view = TreeMap(snapshot)
    var points = TreeMap<String, String?>() // null: deleted
    var ranges = ArrayList<KeyRange>()
    /** Merge operands newer than the key's point write, oldest first. */
    var operands = TreeMap<String, List<String>>()
    val readKeys = ArrayList<String>()
    val readRanges = ArrayList<KeyRange>()
    val saved = ArrayDeque<Saved>()

    fun answeredBySnapshot(k: String) = k !in points && k !in operands && ranges.none { it.covers(k) }
    fun written(): Set<String> = points.keys + operands.keys
}

private class Saved(val view: TreeMap<String, String>, val points: TreeMap<String, String?>, val ranges: List<KeyRange>, val operands: TreeMap<String, List<String>>)

/** The store's merge operator in the model: string append with a comma. */
private fun fold(base: String?, operands: List<String>): String = (listOfNotNull(base) + operands).joinToString(",")

class TransactionModelSpec : FunSpec({
    test("interleaved transactions over two families with puts, deletes, ranges and merges commit and abort exactly as a snapshot-isolation / serializable oracle decides") {
        val decisions = HashMap<String, Int>()
        checkAll(PropTestConfig(iterations = 25), Arb.long()) { seed ->
            withClue("seed $seed") { runModel(seed, decisions) }
        }
        // the runs must have exercised both outcomes, under both isolation levels
        for (d in listOf("defaults committed", "defaults conflict", "serializable committed", "serializable conflict",
            "across families")) {
            withClue("$d in $decisions") { ((decisions[d] ?: 0) > 0) shouldBe true }
        }
    }

    test("write skew commits under snapshot isolation and aborts under serializable") {
        for (mode in listOf(TransactionOptions.defaults(), TransactionOptions.serializable())) {
            LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(FakeFileSystem()).build()).use { db ->
                db.put("x".toByteArray(), "50".toByteArray()); db.put("y".toByteArray(), "50".toByteArray())
                // the rule: x + y >= 0; each withdraws 100 from one account after checking both
                fun withdraw(tx: Transaction, from: String) {
                    val total = tx.get("x".toByteArray())!!.decodeToString().toInt() + tx.get("y".toByteArray())!!.decodeToString().toInt()
                    if (total >= 100) tx.put(from.toByteArray(), (tx.get(from.toByteArray())!!.decodeToString().toInt() - 100).toString().toByteArray())
                }
                val t1 = db.beginTransaction(mode); val t2 = db.beginTransaction(mode)
                withdraw(t1, "x"); withdraw(t2, "y")
                t1.commit()
                val second = runCatching { t2.commit() }
                if (mode.isSerializable) {
                    (second.exceptionOrNull() is TransactionConflictException) shouldBe true
                } else {
                    second.isSuccess shouldBe true
                    db.get("x".toByteArray())!!.decodeToString().toInt() + db.get("y".toByteArray())!!.decodeToString().toInt() shouldBe -100
                }
            }
        }
    }
})

/** The store's two families, and how a model key maps to a family handle and a real key. */
private class Families(val db: LsmStore, val r: Random) {
    val default: ColumnFamily = db.columnFamily(ColumnFamily.DEFAULT_NAME)!!
    val b: ColumnFamily = db.createColumnFamily("b",
        ColumnFamilyOptions.builder().mergeOperator(MergeOperators.stringAppend(",")).build())

    fun handle(mk: String): ColumnFamily = if (mk[0] == 'a') default else b
    fun real(mk: String): ByteArray = mk.substring(2).toByteArray()

    /** Whether to use the methods without a family (default family keys only, half the time). */
    fun plain(mk: String): Boolean = mk[0] == 'a' && r.nextBoolean()

    fun cursor(tx: Transaction, mk: String): Cursor = if (plain(mk)) tx.newCursor() else tx.newCursor(handle(mk))

    /** The store's contents, as model keys. */
    fun contents(): TreeMap<String, String> {
        val out = TreeMap<String, String>()
        for ((name, cf) in listOf("a" to default, "b" to b)) {
            db.newCursor(cf, dev.cairn.lsm.ReadOptions.defaults()).use { c ->
                c.seekToFirst()
                while (c.isValid) { out["$name:" + c.key().decodeToString()] = c.value().decodeToString(); c.next() }
            }
        }
        return out
    }
}

/** The first model key of [mk]'s family, and the first past it. */
private fun familyStart(mk: String) = mk.substring(0, 2)
private fun familyEnd(mk: String) = mk.substring(0, 1) + ";"

private fun runModel(seed: Long, decisions: MutableMap<String, Int>) {
    val r = Random(seed)
    val fs = FakeFileSystem()
    val db = LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(fs).memtableSizeBytes(4096)
        .mergeOperator(MergeOperators.stringAppend(",")).build())
    val f = Families(db, r)
    val state = TreeMap<String, String>()
    val commits = ArrayList<Written>()
    val open = ArrayList<ModelTx>()
    fun key() = "%s:k%02d".format("ab"[r.nextInt(2)], r.nextInt(16))
    fun range(): KeyRange {
        val a = key(); var b = a.substring(0, 2) + "k%02d".format(r.nextInt(16)); if (b == a) b = succ(a)
        return if (a < b) KeyRange(a, b) else KeyRange(b, a)
    }
    fun b(s: String) = s.toByteArray()
    try {
        repeat(300) { step ->
            val action = r.nextInt(20)
            when {
                action < 2 && open.size < 5 -> {
                    val mode = listOf("defaults", "serializable", "readOnly")[r.nextInt(3)]
                    val opts = when (mode) { "serializable" -> TransactionOptions.serializable(); "readOnly" -> TransactionOptions.readOnly(); else -> TransactionOptions.defaults() }
                    open += ModelTx(db.beginTransaction(opts), mode, commits.size, state)
                }
                action < 13 && open.isNotEmpty() -> operate(open[r.nextInt(open.size)], r, f, ::key, ::range, step)
                action < 16 && open.isNotEmpty() -> {
                    val t = open.removeAt(r.nextInt(open.size))
                    val conflictKeys = ArrayList<String>(t.written())
                    val conflictRanges = ArrayList<KeyRange>(t.ranges)
                    if (t.serializable) { conflictKeys += t.readKeys; conflictRanges += t.readRanges }
                    val writes = !t.readOnly && (t.points.isNotEmpty() || t.ranges.isNotEmpty() || t.operands.isNotEmpty())
                    val conflict = writes && commits.drop(t.startCommit).any { it.meets(conflictKeys, conflictRanges) }
                    val outcome = runCatching { t.real.commit() }
                    withClue("step $step commit of a ${t.mode} transaction") {
                        (outcome.exceptionOrNull()?.let { if (it is TransactionConflictException) "conflict" else throw it } ?: "committed") shouldBe
                            (if (conflict) "conflict" else "committed")
                    }
                    if (writes) decisions.merge("${t.mode} ${if (conflict) "conflict" else "committed"}", 1, Int::plus)
                    if (writes && !conflict) {
                        if (t.written().map { it[0] }.toSet().size == 2) decisions.merge("across families", 1, Int::plus)
                        for (rg in t.ranges) state.keys.removeIf { rg.covers(it) }
                        for ((k, v) in t.points) if (v == null) state.remove(k) else state[k] = v
                        for ((k, ops) in t.operands) state[k] = fold(state[k], ops)
                        commits += Written(t.written(), t.ranges.toList())
                    }
                }
                action < 17 && open.isNotEmpty() -> {
                    val t = open.removeAt(r.nextInt(open.size))
                    if (r.nextBoolean()) t.real.rollback() else t.real.close()
                }
                action < 19 -> { // a plain write, outside any transaction
                    val k = key()
                    val cf = f.handle(k)
                    when (r.nextInt(3)) {
                        0 -> { db.put(cf, f.real(k), b("p$step")); state[k] = "p$step" }
                        1 -> { db.delete(cf, f.real(k)); state.remove(k) }
                        else -> { db.merge(cf, f.real(k), b("q$step")); state[k] = fold(state[k], listOf("q$step")) }
                    }
                    commits += Written(setOf(k), emptyList())
                }
                else -> when (r.nextInt(3)) {
                    0 -> db.flush()
                    1 -> db.compactRange(null, null)
                    else -> db.compactRange(f.b, null, null)
                }
            }
        }
        for (t in open) t.real.close()
        f.contents() shouldBe state
    } finally {
        db.close()
    }
}

private fun operate(t: ModelTx, r: Random, f: Families, key: () -> String, range: () -> KeyRange, step: Int) {
    val tx = t.real
    val writeOp = !t.readOnly && r.nextInt(2) == 0
    withClue("step $step on a ${t.mode} transaction") {
        if (writeOp) {
            when (r.nextInt(8)) {
                0, 1 -> {
                    val k = key(); val v = "v$step".toByteArray()
                    if (f.plain(k)) tx.put(f.real(k), v) else tx.put(f.handle(k), f.real(k), v)
                    t.view[k] = "v$step"; t.points[k] = "v$step"; t.operands.remove(k)
                }
                2 -> {
                    val k = key()
                    if (f.plain(k)) tx.delete(f.real(k)) else tx.delete(f.handle(k), f.real(k))
                    t.view.remove(k); t.points[k] = null; t.operands.remove(k)
                }
                3 -> {
                    val rg = range()
                    val fk = rg.from!!
                    val from = f.real(fk); val to = rg.to!!.substring(2).toByteArray()
                    if (f.plain(fk)) tx.deleteRange(from, to) else tx.deleteRange(f.handle(fk), from, to)
                    t.view.keys.removeIf { rg.covers(it) }; t.points.keys.removeIf { rg.covers(it) }; t.operands.keys.removeIf { rg.covers(it) }
                    t.ranges += rg
                }
                4, 5 -> {
                    val k = key(); val op = "m$step".toByteArray()
                    if (f.plain(k)) tx.merge(f.real(k), op) else tx.merge(f.handle(k), f.real(k), op)
                    t.view[k] = fold(t.view[k], listOf("m$step")); t.operands[k] = (t.operands[k] ?: emptyList()) + "m$step"
                }
                6 -> { tx.setSavepoint(); t.saved.addLast(Saved(TreeMap(t.view), TreeMap(t.points), t.ranges.toList(), TreeMap(t.operands))) }
                else -> if (t.saved.isNotEmpty()) {
                    tx.rollbackToSavepoint()
                    val s = t.saved.removeLast()
                    t.view = s.view; t.points = s.points; t.ranges = ArrayList(s.ranges); t.operands = s.operands
                }
            }
        } else if (r.nextBoolean()) {
            val k = key()
            if (t.answeredBySnapshot(k)) t.readKeys += k
            val got = if (f.plain(k)) tx.get(f.real(k)) else tx.get(f.handle(k), f.real(k))
            got?.decodeToString() shouldBe t.view[k]
        } else {
            val from = key()
            val prefix = familyStart(from)
            val steps = r.nextInt(5)
            val forward = r.nextBoolean()
            val seen = ArrayList<String>()
            f.cursor(tx, from).use { c ->
                if (forward) c.seek(f.real(from)) else c.seekForPrev(f.real(from))
                var i = 0
                while (c.isValid) {
                    seen += prefix + c.key().decodeToString() + "=" + c.value().decodeToString()
                    if (i++ == steps) break
                    if (forward) c.next() else c.prev()
                }
                val expectedKeys = (if (forward) t.view.subMap(from, true, familyEnd(from), false)
                else t.view.subMap(prefix, true, from, true).descendingMap()).entries.take(steps + 1)
                seen shouldBe expectedKeys.map { "${it.key}=${it.value}" }
                val last = expectedKeys.lastOrNull()?.key
                val ranOff = expectedKeys.size < steps + 1
                t.readRanges += if (forward) KeyRange(from, if (ranOff) familyEnd(from) else succ(last!!))
                else KeyRange(if (ranOff) prefix else last, succ(from))
            }
        }
    }
}

// Merge operators end to end: the built-ins through memtable, tables and compaction; operator
// failures on reads, flushes and compactions (named, never dropping an operand); bad input.
package dev.cairn.lsm.merge

import dev.cairn.lsm.BackgroundErrorException
import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperator
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun b(s: String) = s.toByteArray()

/** uint64Add that throws while [failing] is set, and counts its calls. */
private class Flaky(val failing: AtomicBoolean = AtomicBoolean(false)) : MergeOperator {
    val fullMerges = AtomicInteger()
    val partialMerges = AtomicInteger()
    override fun fullMerge(key: ByteArray, existingOrNull: ByteArray?, operands: List<ByteArray>): ByteArray {
        check(!failing.get()) { "flaky operator refuses" }
        fullMerges.incrementAndGet()
        return MergeOperators.uint64Add().fullMerge(key, existingOrNull, operands)
    }
    override fun partialMerge(key: ByteArray, left: ByteArray, right: ByteArray): ByteArray? {
        check(!failing.get()) { "flaky operator refuses" }
        partialMerges.incrementAndGet()
        return MergeOperators.uint64Add().partialMerge(key, left, right)
    }
}

class MergeOperatorSpec : FunSpec({
    fun options(fs: FakeFileSystem, op: MergeOperator?) = StoreOptions.builder().fileSystem(fs)
        .memtableSizeBytes(16 * 1024).mergeOperator(op).build()

    test("uint64Add reads 8-byte little-endian counters, as RocksDB's UInt64AddOperator, and wraps at 2^64") {
        MergeOperators.uint64(0x0102030405060708L).toList() shouldBe listOf<Byte>(8, 7, 6, 5, 4, 3, 2, 1)
        val op = MergeOperators.uint64Add()
        MergeOperators.uint64Value(op.fullMerge(b("k"), null, listOf(MergeOperators.uint64(-1), MergeOperators.uint64(2)))) shouldBe 1L
        MergeOperators.uint64Value(op.partialMerge(b("k"), MergeOperators.uint64(40), MergeOperators.uint64(2))!!) shouldBe 42L
        shouldThrow<IllegalArgumentException> { op.fullMerge(b("k"), byteArrayOf(1), listOf(MergeOperators.uint64(1))) }
            .message shouldContain "8 bytes"
    }

    test("append, max and set union fold through the memtable, a flush and a compaction alike") {
        val cases = listOf(
            Triple(MergeOperators.stringAppend(","), listOf("a", "b", "c").map(::b), "base,a,b,c"),
            Triple(MergeOperators.append(byteArrayOf()), listOf("x", "y").map(::b), "basexy"),
            Triple(MergeOperators.max(), listOf("m", "zz", "c").map(::b), "zz"),
        )
        for ((op, operands, expected) in cases) {
            val fs = FakeFileSystem()
            LsmStore.open("/db".toPath(), options(fs, op)).use { db ->
                db.put(b("k"), b("base"))
                db.merge(b("k"), operands[0])
                db.flush()
                operands.drop(1).forEach { db.merge(b("k"), it) }
                db.get(b("k"))!!.decodeToString() shouldBe expected
                db.flush()
                db.get(b("k"))!!.decodeToString() shouldBe expected
                db.compactRange(null, null)
                db.get(b("k"))!!.decodeToString() shouldBe expected
                db.stats().tableCount() shouldBe 1
            }
        }
        val fs = FakeFileSystem()
        LsmStore.open("/db".toPath(), options(fs, MergeOperators.setUnion())).use { db ->
            db.merge(b("s"), MergeOperators.encodeSet(listOf(b("b"), b("a"))))
            db.flush()
            db.merge(b("s"), MergeOperators.encodeSet(listOf(b("c"), b("a"))))
            MergeOperators.decodeSet(db.get(b("s"))).map { it.decodeToString() } shouldContainExactly listOf("a", "b", "c")
            db.compactRange(null, null)
            MergeOperators.decodeSet(db.get(b("s"))).map { it.decodeToString() } shouldContainExactly listOf("a", "b", "c")
        }
    }

    test("a delete, a range delete or nothing below the operands is no base: the operator gets null") {
        val seen = ArrayList<ByteArray?>()
        val op = object : MergeOperator {
            override fun fullMerge(key: ByteArray, existingOrNull: ByteArray?, operands: List<ByteArray>): ByteArray {
                synchronized(seen) { seen += existingOrNull }
                return MergeOperators.stringAppend("+").fullMerge(key, existingOrNull, operands)
            }
        }
        LsmStore.open("/db".toPath(), options(FakeFileSystem(), op)).use { db ->
            db.put(b("a"), b("old")); db.delete(b("a")); db.merge(b("a"), b("1"))
            db.put(b("b"), b("old")); db.deleteRange(b("b"), b("c")); db.merge(b("b"), b("2")); db.merge(b("b"), b("3"))
            db.merge(b("n"), b("4"))
            db.get(b("a"))!!.decodeToString() shouldBe "1"
            db.get(b("b"))!!.decodeToString() shouldBe "2+3"
            db.get(b("n"))!!.decodeToString() shouldBe "4"
            db.flush(); db.compactRange(null, null)
            db.get(b("a"))!!.decodeToString() shouldBe "1"
            db.get(b("b"))!!.decodeToString() shouldBe "2+3"
            seen.all { it == null } shouldBe true
        }
    }

    test("compaction folds operands with partialMerge where the base is out of reach, and only within a snapshot stripe") {
        val op = Flaky()
        val strategy = CompactionStrategy.builder(CompactionStrategy.Kind.LEVELED).l0Trigger(100).build()
        LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(FakeFileSystem()).compaction(strategy)
            .mergeOperator(op).build()).use { db ->
            db.put(b("k"), MergeOperators.uint64(100))
            db.flush(); db.compactRange(null, null) // the base sits in the bottom level
            db.merge(b("k"), MergeOperators.uint64(1))
            val snap = db.snapshot()
            db.merge(b("k"), MergeOperators.uint64(2)); db.merge(b("k"), MergeOperators.uint64(3))
            db.flush()
            (op.partialMerges.get() > 0) shouldBe true
            MergeOperators.uint64Value(db.get(b("k"))) shouldBe 106L
            MergeOperators.uint64Value(db.get(b("k"), ReadOptions.at(snap))) shouldBe 101L
            db.compactRange(null, null)
            MergeOperators.uint64Value(db.get(b("k"))) shouldBe 106L
            MergeOperators.uint64Value(db.get(b("k"), ReadOptions.at(snap))) shouldBe 101L
            snap.close()
            db.compactRange(null, null)
            MergeOperators.uint64Value(db.get(b("k"))) shouldBe 106L
        }
    }

    test("an operator failing during a read surfaces as an LsmException naming the key, on gets and cursors") {
        val failing = AtomicBoolean(false)
        LsmStore.open("/db".toPath(), options(FakeFileSystem(), Flaky(failing))).use { db ->
            db.put(b("counter-7"), MergeOperators.uint64(1))
            db.merge(b("counter-7"), MergeOperators.uint64(1))
            failing.set(true)
            shouldThrow<LsmException> { db.get(b("counter-7")) }.message shouldContain "\"counter-7\""
            db.newCursor().use { c ->
                shouldThrow<LsmException> { c.seekToFirst() }.message shouldContain "counter-7"
                shouldThrow<LsmException> { c.seekToLast() }.message shouldContain "counter-7"
            }
            failing.set(false)
            MergeOperators.uint64Value(db.get(b("counter-7"))) shouldBe 2L
        }
    }

    test("an operator failing during a flush or compaction is a background error naming the key, and no operand is lost") {
        val fs = FakeFileSystem()
        val failing = AtomicBoolean(false)
        val db = LsmStore.open("/db".toPath(), options(fs, Flaky(failing)))
        db.put(b("hits"), MergeOperators.uint64(10))
        db.merge(b("hits"), MergeOperators.uint64(5))
        failing.set(true)
        shouldThrow<BackgroundErrorException> { db.flush() }.message shouldContain "\"hits\""
        shouldThrow<BackgroundErrorException> { db.merge(b("hits"), MergeOperators.uint64(1)) }
        db.close()
        LsmStore.open("/db".toPath(), options(fs, Flaky())).use { again ->
            MergeOperators.uint64Value(again.get(b("hits"))) shouldBe 15L
            again.flush()
            MergeOperators.uint64Value(again.get(b("hits"))) shouldBe 15L
        }
        // a compaction: the base and the operands in different tables
        val failingLater = AtomicBoolean(false)
        LsmStore.open("/db".toPath(), options(fs, Flaky(failingLater))).use { db2 ->
            db2.merge(b("hits"), MergeOperators.uint64(1))
            db2.flush()
            failingLater.set(true)
            shouldThrow<LsmException> { db2.compactRange(null, null) }.let { e ->
                generateSequence<Throwable>(e) { it.cause }.any { it.message?.contains("\"hits\"") == true } shouldBe true
            }
            failingLater.set(false)
            MergeOperators.uint64Value(db2.get(b("hits"))) shouldBe 16L
            db2.compactRange(null, null)
            MergeOperators.uint64Value(db2.get(b("hits"))) shouldBe 16L
        }
        fs.checkNoOpenFiles()
    }

    test("a merge to a store without a merge operator is refused before anything is written; null operands are refused") {
        val fs = FakeFileSystem()
        LsmStore.open("/db".toPath(), options(fs, null)).use { db ->
            db.put(b("k"), b("v"))
            shouldThrow<IllegalArgumentException> { db.merge(b("k"), MergeOperators.uint64(1)) }.message shouldContain "mergeOperator"
            shouldThrow<IllegalArgumentException> { db.write(WriteBatch().put(b("other"), b("x")).merge(b("k"), b("1"))) }
            db.get(b("other")) shouldBe null
            db.get(b("k"))!!.decodeToString() shouldBe "v"
        }
        shouldThrow<IllegalArgumentException> { WriteBatch().merge(b("k"), null) }.message shouldContain "null"
        shouldThrow<IllegalArgumentException> { WriteBatch().merge(null, b("1")) }
    }

    test("transactions read folded values, and a db.merge after a transaction read the key is a conflicting write") {
        LsmStore.open("/db".toPath(), options(FakeFileSystem(), MergeOperators.uint64Add())).use { db ->
            db.put(b("acct"), MergeOperators.uint64(10))
            db.merge(b("acct"), MergeOperators.uint64(5))
            val tx = db.beginTransaction(dev.cairn.lsm.TransactionOptions.defaults())
            MergeOperators.uint64Value(tx.get(b("acct"))) shouldBe 15L
            db.merge(b("acct"), MergeOperators.uint64(1))
            MergeOperators.uint64Value(tx.get(b("acct"))) shouldBe 15L
            tx.put(b("acct"), MergeOperators.uint64(0))
            shouldThrow<dev.cairn.lsm.TransactionConflictException> { tx.commit() }
            MergeOperators.uint64Value(db.get(b("acct"))) shouldBe 16L
        }
    }

    test("a store holding operands opened without its operator refuses to read those keys, naming the missing operator") {
        val fs = FakeFileSystem()
        LsmStore.open("/db".toPath(), options(fs, MergeOperators.uint64Add())).use { db ->
            db.put(b("plain"), b("v"))
            db.merge(b("count"), MergeOperators.uint64(3))
        }
        LsmStore.open("/db".toPath(), options(fs, null)).use { db ->
            db.get(b("plain"))!!.decodeToString() shouldBe "v"
            shouldThrow<LsmException> { db.get(b("count")) }.message shouldContain "without a merge operator"
            db.newCursor().use { c -> shouldThrow<LsmException> { c.seekToFirst() } }
        }
        LsmStore.open("/db".toPath(), options(fs, MergeOperators.uint64Add())).use { db ->
            MergeOperators.uint64Value(db.get(b("count"))) shouldBe 3L
        }
    }
})

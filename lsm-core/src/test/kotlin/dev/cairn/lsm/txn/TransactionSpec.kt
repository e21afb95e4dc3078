package dev.cairn.lsm.txn

import dev.cairn.lsm.Cursor
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.Transaction
import dev.cairn.lsm.TransactionConflictException
import dev.cairn.lsm.TransactionOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.TreeMap
import kotlin.random.Random
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun b(s: String) = s.toByteArray()
private fun ByteArray?.s() = this?.decodeToString()

private fun openStore(fs: FakeFileSystem = FakeFileSystem()): LsmStore =
    LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(fs).memtableSizeBytes(8 * 1024).build())

private fun Cursor.forward(): List<String> = buildList { seekToFirst(); while (isValid) { add("${key().s()}=${value().s()}"); next() } }
private fun Cursor.backward(): List<String> = buildList { seekToLast(); while (isValid) { add("${key().s()}=${value().s()}"); prev() } }

class TransactionSpec : FunSpec({
    test("a transaction reads its own writes over its snapshot, and nothing is visible outside until commit") {
        openStore().use { db ->
            db.put(b("a"), b("1")); db.put(b("b"), b("2")); db.put(b("c"), b("3"))
            db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                tx.put(b("a"), b("10")); tx.delete(b("b")); tx.put(b("d"), b("4"))
                tx.get(b("a")).s() shouldBe "10"
                tx.get(b("b")) shouldBe null
                tx.get(b("d")).s() shouldBe "4"
                db.get(b("a")).s() shouldBe "1"
                db.put(b("e"), b("5")) // after the snapshot: not seen by the transaction
                tx.get(b("e")) shouldBe null
                tx.deleteRange(b("c"), b("d"))
                tx.get(b("c")) shouldBe null
                tx.put(b("c"), b("30")) // a put after its own deleteRange is visible
                tx.get(b("c")).s() shouldBe "30"
                tx.newCursor().use { it.forward() shouldBe listOf("a=10", "c=30", "d=4") }
                tx.commit()
            }
            db.newCursor().use { it.forward() shouldBe listOf("a=10", "c=30", "d=4", "e=5") }
        }
    }

    test("closing a transaction without commit writes nothing, across a reopen") {
        val fs = FakeFileSystem()
        openStore(fs).use { db ->
            db.put(b("a"), b("1"))
            db.beginTransaction(TransactionOptions.defaults()).use { tx -> tx.put(b("a"), b("2")); tx.put(b("z"), b("9")) }
            val tx = db.beginTransaction(TransactionOptions.defaults())
            tx.deleteRange(b("a"), b("b"))
            tx.rollback()
        }
        openStore(fs).use { db -> db.newCursor().use { it.forward() shouldBe listOf("a=1") } }
        fs.checkNoOpenFiles()
    }

    test("every call after commit, rollback or close is refused with IllegalStateException; close stays idempotent") {
        openStore().use { db ->
            val calls: List<(Transaction) -> Unit> = listOf(
                { it.get(b("a")) }, { it.put(b("a"), b("1")) }, { it.delete(b("a")) }, { it.deleteRange(b("a"), b("b")) },
                { it.newCursor() }, { it.setSavepoint() }, { it.rollbackToSavepoint() }, { it.commit() }, { it.rollback() },
            )
            val finishers: List<(Transaction) -> Unit> = listOf({ it.commit() }, { it.rollback() }, { it.close() })
            for (finish in finishers) {
                val tx = db.beginTransaction(TransactionOptions.defaults())
                tx.put(b("k"), b("v"))
                finish(tx)
                for (call in calls) shouldThrow<IllegalStateException> { call(tx) }.message shouldContain "begin a new one"
                tx.close()
            }
        }
    }

    test("a cursor of a finished transaction is closed with it") {
        openStore().use { db ->
            db.put(b("a"), b("1"))
            val tx = db.beginTransaction(TransactionOptions.defaults())
            val c = tx.newCursor()
            c.seekToFirst()
            tx.close()
            shouldThrow<dev.cairn.lsm.StoreClosedException> { c.isValid }
        }
    }

    test("savepoints nest; rolling back undoes writes since the newest one; with none set it names the fix") {
        openStore().use { db ->
            db.put(b("a"), b("1")); db.put(b("b"), b("2"))
            db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                shouldThrow<IllegalStateException> { tx.rollbackToSavepoint() }.message shouldContain "setSavepoint"
                tx.put(b("a"), b("10"))
                tx.setSavepoint()
                tx.deleteRange(b("a"), b("c"))
                tx.put(b("c"), b("3"))
                tx.setSavepoint()
                tx.put(b("a"), b("100"))
                tx.newCursor().use { it.forward() shouldBe listOf("a=100", "c=3") }
                tx.rollbackToSavepoint()
                tx.newCursor().use { it.forward() shouldBe listOf("c=3") }
                tx.rollbackToSavepoint()
                tx.newCursor().use { it.forward() shouldBe listOf("a=10", "b=2") }
                tx.commit()
            }
            db.newCursor().use { it.forward() shouldBe listOf("a=10", "b=2") }
        }
    }

    test("a read-only transaction refuses writes and never conflicts") {
        openStore().use { db ->
            db.put(b("a"), b("1"))
            db.beginTransaction(TransactionOptions.readOnly()).use { tx ->
                shouldThrow<IllegalStateException> { tx.put(b("a"), b("2")) }.message shouldContain "read-only"
                tx.get(b("a")).s() shouldBe "1"
                db.put(b("a"), b("2"))
                tx.get(b("a")).s() shouldBe "1"
                tx.commit()
            }
        }
    }

    test("first committer wins on a key both wrote, across a flush and a full compaction; the exception names the key") {
        openStore().use { db ->
            db.put(b("acct"), b("100"))
            val t1 = db.beginTransaction(TransactionOptions.defaults())
            val t2 = db.beginTransaction(TransactionOptions.defaults())
            t1.put(b("acct"), b("90")); t1.commit()
            db.flush(); db.compactRange(null, null)
            t2.put(b("acct"), b("80"))
            val e = shouldThrow<TransactionConflictException> { t2.commit() }
            e.key().s() shouldBe "acct"
            e.message shouldContain "\"acct\""
            db.get(b("acct")).s() shouldBe "90"
            shouldThrow<IllegalStateException> { t2.put(b("x"), b("y")) }
        }
    }

    test("a delete after the snapshot, a newer range tombstone, or a write inside its own deleted range conflicts") {
        openStore().use { db ->
            db.put(b("k1"), b("1"))
            fun conflictAfter(other: () -> Unit, mine: (Transaction) -> Unit) {
                val tx = db.beginTransaction(TransactionOptions.defaults())
                other(); db.flush()
                mine(tx)
                shouldThrow<TransactionConflictException> { tx.commit() }
            }
            conflictAfter({ db.delete(b("k1")) }) { it.put(b("k1"), b("x")) }
            conflictAfter({ db.deleteRange(b("k0"), b("k2")) }) { it.put(b("k1"), b("x")) }
            conflictAfter({ db.put(b("k5"), b("5")) }) { it.deleteRange(b("k3"), b("k7")) }
            // a write outside what it wrote does not conflict under snapshot isolation
            val tx = db.beginTransaction(TransactionOptions.defaults())
            tx.get(b("k9")); db.put(b("k9"), b("9"))
            tx.put(b("k8"), b("8")); tx.commit()
        }
    }

    test("serializable checks keys read (misses included) and ranges its cursors covered") {
        openStore().use { db ->
            for (i in 0 until 10) db.put(b("k$i"), b("$i"))
            var tx = db.beginTransaction(TransactionOptions.serializable())
            tx.get(b("missing")); db.put(b("missing"), b("now")); tx.put(b("other"), b("1"))
            shouldThrow<TransactionConflictException> { tx.commit() }.key().s() shouldBe "missing"

            tx = db.beginTransaction(TransactionOptions.serializable())
            tx.newCursor().use { c -> c.seek(b("k2")); c.next(); c.next() } // covered [k2, k4]
            db.put(b("k5"), b("x")) // outside: fine
            tx.put(b("out"), b("1"))
            tx.commit()

            tx = db.beginTransaction(TransactionOptions.serializable())
            tx.newCursor().use { c -> c.seekForPrev(b("k7")); c.prev() } // covered [k6, k7]
            db.put(b("k6a"), b("new key in the gap"))
            tx.put(b("out"), b("2"))
            shouldThrow<TransactionConflictException> { tx.commit() }.key().s() shouldBe "k6a"
        }
    }

    test("read options naming a snapshot are refused for a transaction's cursor") {
        openStore().use { db ->
            db.snapshot().use { s ->
                db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                    shouldThrow<IllegalArgumentException> { tx.newCursor(ReadOptions.at(s)) }
                }
            }
        }
    }

    test("the transaction cursor matches a model of its writes over its snapshot, in both directions") {
        val seed = Random.nextLong()
        withClue("seed $seed") {
            val r = Random(seed)
            openStore().use { db ->
                repeat(20) { round ->
                    val model = TreeMap<String, String>()
                    db.newCursor().use { c -> c.seekToFirst(); while (c.isValid) { model[c.key().s()!!] = c.value().s()!!; c.next() } }
                    val key = { "k%02d".format(r.nextInt(40)) }
                    val tx = db.beginTransaction(TransactionOptions.defaults())
                    val saved = ArrayDeque<TreeMap<String, String>>()
                    repeat(r.nextInt(30)) {
                        when (r.nextInt(8)) {
                            0, 1, 2 -> { val k = key(); tx.put(b(k), b("t$round-$it")); model[k] = "t$round-$it" }
                            3 -> { val k = key(); tx.delete(b(k)); model.remove(k) }
                            4 -> {
                                val (from, to) = listOf(key(), key()).sorted()
                                tx.deleteRange(b(from), b(to)); model.subMap(from, to).clear()
                            }
                            5 -> { tx.setSavepoint(); saved.addLast(TreeMap(model)) }
                            6 -> if (saved.isNotEmpty()) { tx.rollbackToSavepoint(); model.clear(); model.putAll(saved.removeLast()) }
                            else -> db.put(b(key()), b("outside$round-$it")) // after the snapshot: invisible
                        }
                    }
                    tx.newCursor().use { c ->
                        c.forward() shouldBe model.map { "${it.key}=${it.value}" }
                        c.backward() shouldBe model.descendingMap().map { "${it.key}=${it.value}" }
                        var at: String? = null
                        repeat(60) {
                            val target = key()
                            at = when (r.nextInt(4)) {
                                0 -> { c.seek(b(target)); model.ceilingKey(target) }
                                1 -> { c.seekForPrev(b(target)); model.floorKey(target) }
                                2 -> if (at != null) { c.next(); model.higherKey(at) } else at
                                else -> if (at != null) { c.prev(); model.lowerKey(at) } else at
                            }
                            c.isValid shouldBe (at != null)
                            if (at != null) { c.key().s() shouldBe at; c.value().s() shouldBe model[at] }
                        }
                    }
                    // outside writes may conflict with its writes: either outcome is fine here
                    if (r.nextBoolean()) runCatching { tx.commit() }.exceptionOrNull()?.let { if (it !is TransactionConflictException) throw it }
                    tx.close()
                    if (r.nextInt(4) == 0) db.flush()
                }
            }
        }
    }
})

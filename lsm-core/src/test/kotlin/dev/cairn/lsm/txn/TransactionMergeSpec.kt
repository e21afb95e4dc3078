package dev.cairn.lsm.txn

import dev.cairn.lsm.Cursor
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.TransactionConflictException
import dev.cairn.lsm.TransactionOptions
import dev.cairn.lsm.Limits
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun b(s: String) = s.toByteArray()
private fun ByteArray?.s() = this?.decodeToString()
private fun ByteArray?.n() = this?.let { MergeOperators.uint64Value(it) }
private fun u(n: Long) = MergeOperators.uint64(n)

private fun appendStore(fs: FakeFileSystem = FakeFileSystem()): LsmStore = LsmStore.open(
    "/db".toPath(),
    StoreOptions.builder().fileSystem(fs).memtableSizeBytes(8 * 1024).mergeOperator(MergeOperators.stringAppend(",")).build(),
)

private fun Cursor.forward(): List<String> = buildList { seekToFirst(); while (isValid) { add("${key().s()}=${value().s()}"); next() } }
private fun Cursor.backward(): List<String> = buildList { seekToLast(); while (isValid) { add("${key().s()}=${value().s()}"); prev() } }

class TransactionMergeSpec : FunSpec({
    test("a transaction's merges fold over its snapshot and its own writes, in get and in cursors both ways") {
        appendStore().use { db ->
            db.put(b("a"), b("1")); db.put(b("c"), b("3")); db.merge(b("e"), b("5"))
            db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                tx.merge(b("a"), b("x"))              // over the snapshot's value
                tx.merge(b("a"), b("y"))
                tx.merge(b("b"), b("new"))            // over nothing
                tx.put(b("c"), b("30")); tx.merge(b("c"), b("z")) // over its own put
                tx.delete(b("e")); tx.merge(b("e"), b("w"))       // over its own delete
                tx.deleteRange(b("f"), b("h")); tx.merge(b("g"), b("v")) // over its own deleted range
                db.put(b("z"), b("later"))            // after the snapshot: not seen
                tx.get(b("a")).s() shouldBe "1,x,y"
                tx.get(b("b")).s() shouldBe "new"
                tx.get(b("c")).s() shouldBe "30,z"
                tx.get(b("e")).s() shouldBe "w"
                tx.get(b("g")).s() shouldBe "v"
                val view = listOf("a=1,x,y", "b=new", "c=30,z", "e=w", "g=v")
                tx.newCursor().use { it.forward() shouldBe view }
                tx.newCursor().use { it.backward() shouldBe view.reversed() }
                tx.newCursor().use { c ->
                    c.seek(b("b")); c.key().s() shouldBe "b"; c.next(); c.value().s() shouldBe "30,z"
                    c.prev(); c.value().s() shouldBe "new"; c.seekForPrev(b("f")); c.value().s() shouldBe "w"
                }
                db.get(b("a")).s() shouldBe "1"       // nothing outside before commit
                tx.put(b("b"), b("reset"))            // a put drops the pending operands
                tx.get(b("b")).s() shouldBe "reset"
                tx.commit()
            }
            db.newCursor().use { it.forward() shouldBe listOf("a=1,x,y", "b=reset", "c=30,z", "e=w", "g=v", "z=later") }
        }
    }

    test("commit writes the operands as merges: they fold over what the key holds when they land, across flush and reopen") {
        val fs = FakeFileSystem()
        appendStore(fs).use { db ->
            db.put(b("k"), b("base"))
            db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                tx.merge(b("k"), b("1")); tx.merge(b("k"), b("2")); tx.merge(b("j"), b("only"))
                tx.commit()
            }
            db.get(b("k")).s() shouldBe "base,1,2"
            db.flush()
            db.merge(b("k"), b("3"))
            db.get(b("k")).s() shouldBe "base,1,2,3"
        }
        appendStore(fs).use { db ->
            db.get(b("k")).s() shouldBe "base,1,2,3"
            db.get(b("j")).s() shouldBe "only"
        }
    }

    test("a merge is validated as a write of its key: a newer commit of the key fails it, and under serializable it is not a read") {
        appendStore().use { db ->
            db.put(b("k"), b("0"))
            val t1 = db.beginTransaction(TransactionOptions.defaults())
            t1.merge(b("k"), b("t1"))
            db.merge(b("k"), b("other"))
            shouldThrow<TransactionConflictException> { t1.commit() }.message shouldContain "merged"
            db.get(b("k")).s() shouldBe "0,other"

            // serializable: merging k does not make k's read set, so a write of another key never fails it,
            // and a merge-only transaction meets a newer write of k as a write conflict only
            val t2 = db.beginTransaction(TransactionOptions.serializable())
            t2.merge(b("k"), b("t2"))
            db.put(b("x"), b("1"))
            t2.commit()
            db.get(b("k")).s() shouldBe "0,other,t2"
        }
    }

    test("merges roll back to a savepoint, count against the write-set limit, and are refused where they cannot be written") {
        appendStore().use { db ->
            db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                tx.merge(b("k"), b("1"))
                tx.setSavepoint()
                tx.merge(b("k"), b("2")); tx.put(b("j"), b("x")); tx.deleteRange(b("a"), b("z"))
                tx.get(b("k")) shouldBe null
                tx.rollbackToSavepoint()
                tx.get(b("k")).s() shouldBe "1"
                tx.get(b("j")) shouldBe null
                shouldThrow<IllegalArgumentException> { tx.merge(b("k"), ByteArray(Limits.MAX_VALUE_SIZE + 1)) }
                shouldThrow<IllegalArgumentException> { tx.merge(b("k"), null) }
                tx.get(b("k")).s() shouldBe "1"
                tx.commit()
            }
            db.get(b("k")).s() shouldBe "1"
            db.beginTransaction(TransactionOptions.readOnly()).use { tx ->
                shouldThrow<IllegalStateException> { tx.merge(b("k"), b("1")) }
            }
        }
        LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(FakeFileSystem()).build()).use { db ->
            db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                shouldThrow<IllegalArgumentException> { tx.merge(b("k"), b("1")) }.message shouldContain "merge operator"
                tx.put(b("k"), b("v"))
                tx.commit()
            }
            db.get(b("k")).s() shouldBe "v"
        }
    }

    test("counters bumped in transactions by 8 threads sum exactly, with conflicts retried") {
        val seed = 2112L
        val fs = FakeFileSystem()
        LsmStore.open(
            "/db".toPath(),
            StoreOptions.builder().fileSystem(fs).memtableSizeBytes(16 * 1024).mergeOperator(MergeOperators.uint64Add()).build(),
        ).use { db ->
            val perThread = 300
            val failure = java.util.concurrent.atomic.AtomicReference<Throwable>()
            fun bump(r: kotlin.random.Random) {
                while (true) {
                    try {
                        db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                            val k = "c${r.nextInt(4)}"
                            tx.merge(b(k), u(1)); tx.merge(b("total"), u(1))
                            check(tx.get(b("total")).n()!! >= 1L)
                            tx.commit()
                        }
                        return
                    } catch (e: TransactionConflictException) {
                        continue
                    }
                }
            }
            val threads = (0 until 8).map { t ->
                Thread {
                    try {
                        val r = kotlin.random.Random(seed + t)
                        repeat(perThread) { bump(r); if (r.nextInt(100) == 0) db.flush() }
                    } catch (e: Throwable) {
                        failure.compareAndSet(null, e)
                    }
                }
            }
            threads.forEach { it.start() }; threads.forEach { it.join() }
            println("TransactionMergeSpec counters: seed $seed")
            failure.get()?.let { throw it }
            db.get(b("total")).n() shouldBe 8L * perThread
            (0 until 4).sumOf { db.get(b("c$it")).n() ?: 0L } shouldBe 8L * perThread
        }
    }
})

// Specifies transactions across column families: one atomic commit over several families that
// survives a reopen, conflicts per (family, key), savepoints spanning families, a transaction's
// cursor in a family (its writes over its snapshot, both directions), merges with the family's own
// operator, dropped families refused before anything is written, and read-only transactions as of
// an instant in any family.
package dev.cairn.lsm.txn

import dev.cairn.lsm.ColumnFamily
import dev.cairn.lsm.ColumnFamilyOptions
import dev.cairn.lsm.Cursor
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.TransactionConflictException
import dev.cairn.lsm.TransactionOptions
import dev.cairn.lsm.engine.MutableClock
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.time.Instant
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private val DIR = "/txf".toPath()

private fun b(s: String) = s.encodeToByteArray()

private fun options(fs: FakeFileSystem) = StoreOptions.builder().fileSystem(fs).build()

private fun Cursor.forward(): List<String> = buildList {
    seekToFirst()
    while (isValid) { add(key().decodeToString() + "=" + value().decodeToString()); next() }
}

private fun Cursor.backward(): List<String> = buildList {
    seekToLast()
    while (isValid) { add(key().decodeToString() + "=" + value().decodeToString()); prev() }
}

class TransactionFamiliesSpec : FunSpec({

    test("a transaction's writes to three families commit as one record and survive a reopen") {
        val fs = FakeFileSystem()
        LsmStore.open(DIR, options(fs)).use { db ->
            val users = db.createColumnFamily("users", ColumnFamilyOptions.defaults())
            val orders = db.createColumnFamily("orders", ColumnFamilyOptions.defaults())
            db.put(orders, b("o0"), b("old"))
            val before = db.stats().lastSequence()
            db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                tx.put(b("k"), b("default"))
                tx.put(users, b("k"), b("user"))
                tx.put(orders, b("o1"), b("new"))
                tx.delete(orders, b("o0"))
                tx.deleteRange(users, b("x"), b("z"))
                tx.get(users, b("k"))!!.decodeToString() shouldBe "user"
                tx.get(b("k"))!!.decodeToString() shouldBe "default"
                db.get(users, b("k")) shouldBe null // nothing is written before the commit
                tx.commit()
            }
            // one batch: five operations, five sequence numbers, one group commit
            db.stats().lastSequence() shouldBe before + 5
        }
        LsmStore.open(DIR, options(fs)).use { db ->
            val users = db.columnFamily("users")!!
            val orders = db.columnFamily("orders")!!
            db.get(b("k"))!!.decodeToString() shouldBe "default"
            db.get(users, b("k"))!!.decodeToString() shouldBe "user"
            db.get(orders, b("o1"))!!.decodeToString() shouldBe "new"
            db.get(orders, b("o0")) shouldBe null
        }
    }

    test("the same key in two families never conflicts; the same family and key does, naming the family") {
        LsmStore.open(DIR, options(FakeFileSystem())).use { db ->
            val a = db.createColumnFamily("a", ColumnFamilyOptions.defaults())
            val c = db.createColumnFamily("c", ColumnFamilyOptions.defaults())
            val tx = db.beginTransaction(TransactionOptions.defaults())
            tx.put(a, b("k"), b("tx"))
            db.put(c, b("k"), b("other"))   // another family
            db.put(b("k"), b("other"))      // the default family
            tx.commit()
            db.get(a, b("k"))!!.decodeToString() shouldBe "tx"

            val loser = db.beginTransaction(TransactionOptions.defaults())
            loser.put(a, b("k"), b("loser"))
            loser.put(c, b("free"), b("x"))
            db.put(a, b("k"), b("winner"))
            val e = shouldThrow<TransactionConflictException> { loser.commit() }
            e.message shouldContain "column family \"a\""
            e.key().decodeToString() shouldBe "k"
            db.get(a, b("k"))!!.decodeToString() shouldBe "winner"
            db.get(c, b("free")) shouldBe null // nothing of the loser is written, in any family
        }
    }

    test("serializable transactions check reads and cursor ranges per family") {
        LsmStore.open(DIR, options(FakeFileSystem())).use { db ->
            val a = db.createColumnFamily("a", ColumnFamilyOptions.defaults())
            val c = db.createColumnFamily("c", ColumnFamilyOptions.defaults())
            db.put(a, b("r"), b("1"))

            // a read of a.r, then a write of c.r (another family's key of the same name): no conflict
            db.beginTransaction(TransactionOptions.serializable()).use { tx ->
                tx.get(a, b("r"))
                db.put(c, b("r"), b("2"))
                tx.put(b("out"), b("1"))
                tx.commit()
            }
            // a read of a.r, then a write of a.r: conflict
            db.beginTransaction(TransactionOptions.serializable()).use { tx ->
                tx.get(a, b("r"))
                db.put(a, b("r"), b("3"))
                tx.put(b("out"), b("2"))
                shouldThrow<TransactionConflictException> { tx.commit() }.message shouldContain "read"
            }
            // a cursor over family a covers [p, s): a write into c there is free, one into a is not
            db.beginTransaction(TransactionOptions.serializable()).use { tx ->
                tx.newCursor(a).use { cur -> cur.seek(b("p")); cur.key().decodeToString() shouldBe "r"; cur.next() }
                db.put(c, b("q"), b("x"))
                tx.put(b("out"), b("3"))
                tx.commit()
            }
            db.beginTransaction(TransactionOptions.serializable()).use { tx ->
                tx.newCursor(a).use { cur -> cur.seek(b("p")); cur.next() }
                db.put(a, b("q"), b("x"))
                tx.put(b("out"), b("4"))
                shouldThrow<TransactionConflictException> { tx.commit() }.message shouldContain "in a range read"
            }
        }
    }

    test("a rollback to a savepoint undoes the writes since in every family, and keeps the earlier ones") {
        LsmStore.open(DIR, options(FakeFileSystem())).use { db ->
            val a = db.createColumnFamily("a", ColumnFamilyOptions.defaults())
            val c = db.createColumnFamily("c", ColumnFamilyOptions.defaults())
            db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                tx.put(a, b("k1"), b("kept"))
                tx.setSavepoint()
                tx.put(c, b("k2"), b("undone"))
                tx.delete(a, b("k1"))
                tx.put(b("k3"), b("undone"))
                tx.get(a, b("k1")) shouldBe null
                tx.rollbackToSavepoint()
                tx.get(a, b("k1"))!!.decodeToString() shouldBe "kept"
                tx.get(c, b("k2")) shouldBe null
                tx.commit()
            }
            db.get(a, b("k1"))!!.decodeToString() shouldBe "kept"
            db.get(c, b("k2")) shouldBe null
            db.get(b("k3")) shouldBe null
        }
    }

    test("a cursor in a family shows the transaction's writes there over its snapshot, both directions, and no other family's") {
        LsmStore.open(DIR, options(FakeFileSystem())).use { db ->
            val a = db.createColumnFamily("a", ColumnFamilyOptions.defaults())
            val c = db.createColumnFamily("c", ColumnFamilyOptions.defaults())
            for (k in listOf("a1", "a2", "a3", "a4")) db.put(a, b(k), b("s"))
            db.put(c, b("a0"), b("c"))
            db.flush(a) // the snapshot's data partly in a table
            db.put(a, b("a5"), b("s"))
            db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                db.put(a, b("a6"), b("after snapshot"))
                tx.put(a, b("a2"), b("tx"))
                tx.delete(a, b("a3"))
                tx.deleteRange(a, b("a4"), b("a5"))
                tx.put(a, b("a45"), b("tx"))
                tx.put(c, b("a1"), b("other family"))
                tx.put(b("a1"), b("default"))
                tx.newCursor(a).use { cur ->
                    val expected = listOf("a1=s", "a2=tx", "a45=tx", "a5=s")
                    cur.forward() shouldBe expected
                    cur.backward() shouldBe expected.reversed()
                    tx.put(a, b("a0"), b("late")) // seen from the next positioning on
                    cur.forward().first() shouldBe "a0=late"
                }
                tx.newCursor(c).use { cur -> cur.forward() shouldBe listOf("a0=c", "a1=other family") }
                tx.newCursor().use { cur -> cur.forward() shouldBe listOf("a1=default") }
            }
        }
    }

    test("a merge in a transaction uses the family's own operator; a family without one is refused, naming it") {
        LsmStore.open(DIR, options(FakeFileSystem())).use { db ->
            val counters = db.createColumnFamily("counters",
                ColumnFamilyOptions.builder().mergeOperator(MergeOperators.uint64Add()).build())
            val plain = db.createColumnFamily("plain", ColumnFamilyOptions.defaults())
            db.merge(counters, b("n"), MergeOperators.uint64(2))
            db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                tx.merge(counters, b("n"), MergeOperators.uint64(3))
                MergeOperators.uint64Value(tx.get(counters, b("n"))) shouldBe 5L
                tx.newCursor(counters).use { cur ->
                    cur.seekToLast(); MergeOperators.uint64Value(cur.value()) shouldBe 5L
                }
                val e = shouldThrow<IllegalArgumentException> { tx.merge(plain, b("n"), MergeOperators.uint64(1)) }
                e.message shouldContain "column family \"plain\""
                e.message shouldContain "no merge operator is configured"
                // the default family has none either: refused the same way
                shouldThrow<IllegalArgumentException> { tx.merge(b("n"), MergeOperators.uint64(1)) }
                    .message shouldContain "default column family"
                tx.commit()
            }
            MergeOperators.uint64Value(db.get(counters, b("n"))) shouldBe 5L
            shouldThrow<IllegalArgumentException> { db.merge(plain, b("n"), MergeOperators.uint64(1)) }
                .message shouldContain "column family \"plain\": no merge operator is configured"
            db.get(plain, b("n")) shouldBe null
        }
    }

    test("a key of a family holding operands, read after a reopen without the family's operator, names the family and key") {
        val fs = FakeFileSystem()
        LsmStore.open(DIR, options(fs)).use { db ->
            val counters = db.createColumnFamily("counters",
                ColumnFamilyOptions.builder().mergeOperator(MergeOperators.uint64Add()).build())
            db.merge(counters, b("n"), MergeOperators.uint64(4))
        }
        LsmStore.open(DIR, options(fs)).use { db ->
            val counters = db.columnFamily("counters")!!
            val e = shouldThrow<dev.cairn.lsm.LsmException> { db.get(counters, b("n")) }
            e.message shouldContain "\"n\""
            e.message shouldContain "column family \"counters\""
            e.message shouldContain "merge operator"
            db.setOptions(counters, ColumnFamilyOptions.builder().mergeOperator(MergeOperators.uint64Add()).build())
            MergeOperators.uint64Value(db.get(counters, b("n"))) shouldBe 4L
        }
    }

    test("a family dropped while a transaction uses it is refused, naming it, and nothing of the transaction is written") {
        LsmStore.open(DIR, options(FakeFileSystem())).use { db ->
            val a = db.createColumnFamily("a", ColumnFamilyOptions.defaults())
            val gone = db.createColumnFamily("gone", ColumnFamilyOptions.defaults())
            db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                tx.put(a, b("k"), b("v"))
                tx.put(gone, b("k"), b("v"))
                db.dropColumnFamily(gone)
                shouldThrow<IllegalArgumentException> { tx.put(gone, b("k2"), b("v")) }.message shouldContain "gone"
                shouldThrow<IllegalArgumentException> { tx.get(gone, b("k")) }.message shouldContain "gone"
                shouldThrow<IllegalArgumentException> { tx.commit() }.message shouldContain "column family gone was dropped"
            }
            db.get(a, b("k")) shouldBe null
            // and a handle of another store is refused too
            LsmStore.open("/other".toPath(), options(FakeFileSystem())).use { other ->
                val foreign = other.createColumnFamily("a", ColumnFamilyOptions.defaults())
                db.beginTransaction(TransactionOptions.defaults()).use { tx ->
                    shouldThrow<IllegalArgumentException> { tx.put(foreign, b("k"), b("v")) }
                        .message shouldContain "not a family of this store"
                }
            }
        }
    }

    test("a read-only transaction as of an instant reads every family as it was then") {
        val clock = MutableClock(1_000_000)
        val fs = FakeFileSystem()
        val opts = StoreOptions.builder().fileSystem(fs).clock(clock).retainVersions(Duration.ofHours(1)).build()
        LsmStore.open(DIR, opts).use { db ->
            val a = db.createColumnFamily("a", ColumnFamilyOptions.defaults())
            db.put(a, b("k"), b("v1"))
            db.put(b("k"), b("d1"))
            clock.advance(1_000)
            val then = Instant.ofEpochMilli(clock.millis())
            clock.advance(1_000)
            db.put(a, b("k"), b("v2"))
            db.put(a, b("k2"), b("new"))
            db.put(b("k"), b("d2"))
            db.flush(a)
            db.beginTransaction(TransactionOptions.readOnly().asOf(then)).use { tx ->
                tx.get(a, b("k"))!!.decodeToString() shouldBe "v1"
                tx.get(a, b("k2")) shouldBe null
                tx.get(b("k"))!!.decodeToString() shouldBe "d1"
                tx.newCursor(a).use { it.forward() shouldBe listOf("k=v1") }
                shouldThrow<IllegalStateException> { tx.put(a, b("k"), b("x")) }
            }
        }
    }
})

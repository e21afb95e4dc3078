// Store.transaction across column families: raw bytes and typed maps of several families and the
// default keyspace commit together (and survive a reopen), a conflict in one family makes the
// block run again while the same key in another family does not, a typed merge in a family inside
// a transaction, family history as a Flow, observers of a family woken by a transaction's commit,
// and a dropped family refused with its name.
package dev.cairn.lsm.coroutines

import app.cash.turbine.test
import dev.cairn.lsm.coroutines.testing.HandClock
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import okio.fakefilesystem.FakeFileSystem

class FamilyTransactionSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("one transaction writes raw keys and typed maps of two families and the default keyspace, atomically and durably") {
        openStore(fs).use { store ->
            val orders = store.family("orders")
            val stock = store.map<String, Long>("stock", family = store.family("stock"))
            val log = store.map<Int, String>("log")
            stock.put("apple", 3L)
            store.transaction { tx ->
                val left = stock.get(tx, "apple")!!
                stock.put(tx, "apple", left - 1)
                tx.put(orders, "o1".b, "apple".b)
                log.put(tx, 1, "sold an apple")
                tx.put("plain".b, "x".b)
                tx.get(orders, "o1".b)!!.decodeToString() shouldBe "apple"
                tx.entries(orders).map { it.key.decodeToString() } shouldBe listOf("o1")
                tx.get("o1".b) shouldBe null // the default keyspace has no such key
            }
        }
        openStore(fs).use { store ->
            val orders = store.family("orders")
            val stock = store.map<String, Long>("stock", family = store.family("stock"))
            stock["apple"] shouldBe 2L
            orders.get("o1".b)!!.decodeToString() shouldBe "apple"
            store.map<Int, String>("log")[1] shouldBe "sold an apple"
            store.get("plain".b)!!.decodeToString() shouldBe "x"
        }
    }

    test("a conflict in a family runs the block again; the same key written in another family does not") {
        openStore(fs).use { store ->
            val a = store.family("a")
            val c = store.family("c")
            a.put("n".b, "1".b)
            var attempts = 0
            store.transaction { tx ->
                attempts++
                val n = tx.get(a, "n".b)!!.decodeToString().toInt()
                if (attempts == 1) c.put("n".b, "other family".b) // no conflict
                tx.put(a, "n".b, (n + 1).toString().encodeToByteArray())
            }
            attempts shouldBe 1
            attempts = 0
            store.transaction { tx ->
                attempts++
                val n = tx.get(a, "n".b)!!.decodeToString().toInt()
                if (attempts == 1) a.put("n".b, "10".b) // a conflict: the block runs again
                tx.put(a, "n".b, (n + 1).toString().encodeToByteArray())
            }
            attempts shouldBe 2
            a.get("n".b)!!.decodeToString() shouldBe "11"
            c.get("n".b)!!.decodeToString() shouldBe "other family"
        }
    }

    test("a typed merge into a map in a family inside a transaction uses the family's Merge") {
        openStore(fs).use { store ->
            val counters = store.map<String, Long>("counters",
                family = store.family("counters") { merge(Merge<Long> { x, y -> x + y }) })
            counters.merge("click", 2L)
            store.transaction { tx ->
                counters.merge(tx, "click", 5L)
                counters.get(tx, "click") shouldBe 7L
            }
            counters["click"] shouldBe 7L
            val plain = store.family("plain")
            shouldThrow<IllegalArgumentException> {
                store.transaction { tx -> tx.merge(plain, "k".b, "1".b) }
            }.message shouldContain "column family \"plain\""
        }
    }

    test("an observer of a family wakes on a transaction's commit to it, and not for another family's") {
        openStore(fs).use { store ->
            val a = store.family("a")
            val c = store.family("c")
            a.observe("k".b).test {
                awaitItem() shouldBe null
                store.transaction { tx -> tx.put(c, "k".b, "c".b) }
                store.transaction { tx -> tx.put(a, "k".b, "a".b) }
                awaitItem()!!.decodeToString() shouldBe "a"
                cancelAndIgnoreRemainingEvents()
            }
        }
    }

    test("a family's history is a Flow of its own versions, one key or a range") {
        val clock = HandClock(3_000_000)
        openStore(fs) { retainVersions = Duration.ofHours(1); this.clock = clock }.use { store ->
            val a = store.family("a")
            a.put("k".b, "1".b)
            store.put("k".b, "default".b)
            clock.now += 10
            store.transaction { tx -> tx.put(a, "k".b, "2".b); tx.put(a, "m".b, "3".b) }
            a.history("k".b).map { it.value()!!.decodeToString() }.toList() shouldBe listOf("2", "1")
            a.history(null, null).map { it.key().decodeToString() }.toList() shouldBe listOf("k", "k", "m")
            store.history("k".b).map { it.value()!!.decodeToString() }.toList() shouldBe listOf("default")
        }
    }

    test("a family dropped before the block uses it is refused with its name, and nothing is written") {
        openStore(fs).use { store ->
            val gone = store.family("gone")
            gone.drop()
            shouldThrow<IllegalArgumentException> {
                store.transaction { tx -> tx.put("k".b, "v".b); tx.put(gone, "k".b, "v".b) }
            }.message shouldContain "gone"
            store.get("k".b) shouldBe null
        }
    }
})

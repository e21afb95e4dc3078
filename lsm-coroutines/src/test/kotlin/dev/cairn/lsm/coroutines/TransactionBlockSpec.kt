// Store.transaction: commits the block's writes, runs it again on a conflict (bounded), rolls
// back when the block throws or the caller is cancelled, and works with typed maps.
package dev.cairn.lsm.coroutines

import app.cash.turbine.test
import dev.cairn.lsm.TransactionConflictException
import dev.cairn.lsm.TransactionOptions
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.launch
import kotlinx.coroutines.coroutineScope
import kotlinx.serialization.Serializable
import okio.fakefilesystem.FakeFileSystem

@Serializable
data class Account(val owner: String, val balance: Long)

class TransactionBlockSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("a conflicting commit makes the block run again on a fresh snapshot, and its result is returned") {
        openStore(fs).use { store ->
            store.put("n".b, "1".b)
            var attempts = 0
            val result = store.transaction { tx ->
                attempts++
                val n = tx.get("n".b)!!.decodeToString().toInt()
                if (attempts == 1) store.put("n".b, "5".b) // someone else commits first
                tx.put("n".b, (n + 1).toString().toByteArray())
                n + 1
            }
            attempts shouldBe 2
            result shouldBe 6
            store.get("n".b)!!.decodeToString() shouldBe "6"
        }
    }

    test("after maxAttempts conflicts the conflict is thrown and nothing of the block is written") {
        openStore(fs).use { store ->
            var attempts = 0
            shouldThrow<TransactionConflictException> {
                store.transaction(maxAttempts = 3) { tx ->
                    attempts++
                    tx.get("k".b)
                    store.put("k".b, "outside$attempts".b)
                    tx.put("k".b, "mine".b)
                }
            }.key().decodeToString() shouldBe "k"
            attempts shouldBe 3
            store.get("k".b)!!.decodeToString() shouldBe "outside3"
        }
    }

    test("a block that throws is rolled back, not retried") {
        openStore(fs).use { store ->
            var attempts = 0
            shouldThrow<IllegalStateException> {
                store.transaction { tx -> attempts++; tx.put("k".b, "v".b); error("no") }
            }
            attempts shouldBe 1
            store.get("k".b) shouldBe null
        }
    }

    test("cancelling the caller rolls the transaction back") {
        openStore(fs).use { store ->
            val wrote = CompletableDeferred<Unit>()
            coroutineScope {
                val job = launch {
                    store.transaction { tx ->
                        tx.put("k".b, "v".b)
                        wrote.complete(Unit)
                        awaitCancellation()
                    }
                }
                wrote.await()
                job.cancel()
                job.join()
            }
            store.get("k".b) shouldBe null
            store.put("k".b, "after".b) // the store is still writable, nothing is held
            store.get("k".b)!!.decodeToString() shouldBe "after"
        }
    }

    test("typed maps read and write inside a transaction; observers see the commit") {
        openStore(fs).use { store ->
            val accounts = store.map<String, Account>("accounts")
            accounts.put("alice", Account("alice", 100)); accounts.put("bob", Account("bob", 0))
            accounts.observe("bob").test {
                awaitItem() shouldBe Account("bob", 0)
                val moved = store.transaction(TransactionOptions.serializable()) { tx ->
                    val a = accounts.get(tx, "alice")!!; val bob = accounts.get(tx, "bob")!!
                    accounts.put(tx, "alice", a.copy(balance = a.balance - 10))
                    accounts.put(tx, "bob", bob.copy(balance = bob.balance + 10))
                    accounts.get(tx, "bob")!!.balance shouldBe 10 // its own write
                    accounts.remove(tx, "carol")
                    10
                }
                moved shouldBe 10
                awaitItem() shouldBe Account("bob", 10)
            }
            accounts.get("alice") shouldBe Account("alice", 90)
        }
    }

    test("entries lists the transaction's view in both directions") {
        openStore(fs).use { store ->
            store.put("a".b, "1".b); store.put("c".b, "3".b)
            store.transaction { tx ->
                tx.put("b".b, "2".b); tx.delete("c".b)
                tx.entries().map { it.key.decodeToString() } shouldBe listOf("a", "b")
                tx.entries(to = "b".b, reverse = true).map { it.key.decodeToString() } shouldBe listOf("a")
            }
        }
    }
})

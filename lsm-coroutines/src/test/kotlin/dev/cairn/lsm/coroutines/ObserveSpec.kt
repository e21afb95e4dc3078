// observe and observeRange: current value first, then every committed change; conflated for
// slow collectors, which never block writers; cost-free without collectors; end at close.
package dev.cairn.lsm.coroutines

import app.cash.turbine.test
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import okio.fakefilesystem.FakeFileSystem

class ObserveSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("observe emits the current value, then each committed change to the key") {
        openStore(fs).use { store ->
            store.put("k".b, "0".b)
            store.observe("k".b).map { it?.decodeToString() }.test {
                awaitItem() shouldBe "0"
                store.put("k".b, "1".b)
                awaitItem() shouldBe "1"
                store.put("other".b, "x".b)
                store.write { put("k".b, "2".b); put("j".b, "y".b) }
                awaitItem() shouldBe "2"
                store.delete("k".b)
                awaitItem() shouldBe null
                store.put("k".b, "3".b)
                awaitItem() shouldBe "3"
                store.deleteRange("a".b, "z".b)
                awaitItem() shouldBe null
                cancelAndIgnoreRemainingEvents()
            }
        }
    }

    test("observe sees every change made one after another") {
        openStore(fs).use { store ->
            store.observe("counter".b).map { it?.decodeToString() }.test {
                awaitItem() shouldBe null
                for (i in 1..200) {
                    store.put("counter".b, "$i".b)
                    awaitItem() shouldBe "$i"
                }
                cancelAndIgnoreRemainingEvents()
            }
        }
    }

    test("observe does not repeat a value that did not change") {
        openStore(fs).use { store ->
            store.observe("k".b).map { it?.decodeToString() }.test {
                awaitItem() shouldBe null
                store.put("k".b, "same".b)
                awaitItem() shouldBe "same"
                store.put("k".b, "same".b)
                store.put("k".b, "next".b)
                awaitItem() shouldBe "next"
                cancelAndIgnoreRemainingEvents()
            }
        }
    }

    test("observeRange re-emits the range when a write touches it") {
        openStore(fs).use { store ->
            store.put("b1".b, "x".b)
            store.observeRange("b".b, "c".b).map { list -> list.map { it.key.decodeToString() } }.test {
                awaitItem() shouldBe listOf("b1")
                store.put("b2".b, "y".b)
                awaitItem() shouldBe listOf("b1", "b2")
                store.put("a".b, "outside".b)
                store.put("c".b, "outside".b)
                store.deleteRange("a".b, "b15".b)
                awaitItem() shouldBe listOf("b2")
                cancelAndIgnoreRemainingEvents()
            }
        }
    }

    test("a slow collector never blocks writers and then sees the latest value") {
        openStore(fs).use { store ->
            coroutineScope {
                val gate = CompletableDeferred<Unit>()
                val firstSeen = CompletableDeferred<Unit>()
                val seen = mutableListOf<String?>()
                val collector = launch {
                    store.observe("k".b).collect {
                        seen += it?.decodeToString()
                        if (seen.size == 1) {
                            firstSeen.complete(Unit)
                            gate.await() // a collector stuck on its first item
                        }
                        if (it?.decodeToString() == "999") throw kotlinx.coroutines.CancellationException("done")
                    }
                }
                firstSeen.await()
                for (i in 0 until 1000) store.put("k".b, "$i".b) // must not wait for the collector
                gate.complete(Unit)
                collector.join()
                seen.first() shouldBe null
                seen.last() shouldBe "999"
                (seen.size < 1000) shouldBe true
            }
        }
    }

    test("observer flows complete when the store closes") {
        val store = openStore(fs)
        store.observe("k".b).test {
            awaitItem() shouldBe null
            store.close()
            awaitComplete()
        }
    }

    test("an observation that is collected once and dropped leaves nothing registered") {
        openStore(fs).use { store ->
            repeat(100) { store.observe("k$it".b).first() }
            store.observeRange().first() shouldBe emptyList()
            store.scan().toList() shouldBe emptyList()
        }
    }
})

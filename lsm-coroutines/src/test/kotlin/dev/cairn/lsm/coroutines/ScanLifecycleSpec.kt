// Scans against the real engine release their cursor (and the table files it holds) on
// completion, on early termination, on cancellation and on failure.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import okio.fakefilesystem.FakeFileSystem

class ScanLifecycleSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    suspend fun filledStore(): Store {
        // Rotation only through flush(): FakeFileSystem.list races with file creation otherwise
        // (a ConcurrentModificationException in the engine's flush, reported to the lead).
        val store = openStore(fs)
        for (batch in 0 until 10) {
            store.write { for (i in 0 until 200) put("key%05d".format(batch * 200 + i).b, ByteArray(100)) }
            if (batch % 3 == 0) store.flush() // some keys in tables, some in the memtable
        }
        store.compactRange() // no background work left to open or close files behind our back
        store.write { for (i in 0 until 200) put("key%05d".format(i).b, ByteArray(50)) } // and a memtable
        store.scan().toList().size shouldBe 2000 // warms the engine's table cache, whose files stay open
        return store
    }

    test("a scan cancelled midway leaves no file open") {
        filledStore().use { store ->
            val openBefore = fs.openPaths.toList()
            coroutineScope {
                val halfway = CompletableDeferred<Unit>()
                var seen = 0
                val collector = launch {
                    store.scan().collect {
                        if (++seen == 500) halfway.complete(Unit)
                        if (seen >= 500) kotlinx.coroutines.awaitCancellation()
                    }
                }
                halfway.await()
                collector.cancelAndJoin()
            }
            fs.openPaths shouldBe openBefore
        }
    }

    test("a scan ended early by take leaves no file open") {
        filledStore().use { store ->
            val openBefore = fs.openPaths.toList()
            store.scan(reverse = true).take(3).toList().map { it.key.decodeToString() } shouldBe
                listOf("key01999", "key01998", "key01997")
            store.scanPrefix("key00".b).toList().size shouldBe 1000
            fs.openPaths shouldBe openBefore
        }
    }

    test("a scan whose collector fails leaves no file open") {
        filledStore().use { store ->
            val openBefore = fs.openPaths.toList()
            shouldThrow<IllegalStateException> {
                store.scan().onEach { if (it.key.decodeToString() == "key00100") error("collector failed") }.collect()
            }
            fs.openPaths shouldBe openBefore
        }
    }
})

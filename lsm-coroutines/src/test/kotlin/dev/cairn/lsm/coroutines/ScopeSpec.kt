// Structured concurrency: background jobs are children of the store's scope; cancelling the
// parent scope stops them, closes the store and frees the directory at once; open runs off the
// caller's thread.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.StoreClosedException
import dev.cairn.lsm.coroutines.testing.MemoryLsmStore
import dev.cairn.lsm.coroutines.testing.TEST_DIR
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openMemoryStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancel
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.runInterruptible
import okio.fakefilesystem.FakeFileSystem

class ScopeSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("background jobs run as child coroutines of the store's scope") {
        lateinit var memory: MemoryLsmStore
        val store = openMemoryStore(fs, onOpen = { memory = it })
        val before = store.scope.coroutineContext.job.children.count()
        memory.startEndlessCompaction()
        runInterruptible(Dispatchers.IO) { memory.compactionStarted.await() }
        store.scope.coroutineContext.job.children.count() shouldBe before + 1
        store.close()
        store.scope.coroutineContext.job.isCompleted shouldBe true
    }

    test("cancelling the parent scope mid-compaction stops the job, closes the store and frees the directory at once") {
        val parent = CoroutineScope(Job())
        lateinit var memory: MemoryLsmStore
        val store = openMemoryStore(fs, parentScope = parent, onOpen = { memory = it })
        store.put("k".b, "v".b)
        memory.startEndlessCompaction()
        runInterruptible(Dispatchers.IO) { memory.compactionStarted.await() }
        memory.compactionBlocks.get() shouldBeGreaterThan 0

        parent.cancel()

        // closed inside the cancel call: no job running, no file open, lock released
        store.isClosed shouldBe true
        fs.checkNoOpenFiles()
        fs.exists(TEST_DIR / "compaction.tmp") shouldBe false
        shouldThrow<StoreClosedException> { store.get("k".b) }
        openMemoryStore(fs).close()

        parent.coroutineContext.job.join()
        store.scope.coroutineContext.job.isCompleted shouldBe true
        val blocks = memory.compactionBlocks.get()
        memory.compactionBlocks.get() shouldBe blocks // stopped for good
    }

    test("a parent scope that is already cancelled closes the store at once") {
        val parent = CoroutineScope(Job()).also { it.cancel() }
        shouldThrow<StoreClosedException> { openMemoryStore(fs, parentScope = parent) }
        openMemoryStore(fs).close()
    }

    test("close stops a running compaction and completes the scope") {
        lateinit var memory: MemoryLsmStore
        val store = openMemoryStore(fs, onOpen = { memory = it })
        memory.startEndlessCompaction()
        runInterruptible(Dispatchers.IO) { memory.compactionStarted.await() }
        store.close()
        store.scope.coroutineContext.job.isCompleted shouldBe true
    }

    test("close called from a coroutine of the store's own scope does not wait for itself") {
        val store = openMemoryStore(fs)
        store.scope.launch { store.close() }.join()
        store.isClosed shouldBe true
        store.scope.coroutineContext.job.join()
    }

    test("open runs recovery off the caller's thread, on the IO dispatcher") {
        var openedOn = ""
        val store = dev.cairn.lsm.coroutines.Store.open(TEST_DIR, null, fs, {}) { d, o ->
            openedOn = Thread.currentThread().name
            MemoryLsmStore.open(d, o)
        }
        store.close()
        openedOn shouldStartWith "DefaultDispatcher-worker"
    }
})

// Structured concurrency against the real engine: cancelling the parent scope in the middle of
// a compaction stops it, closes the store inside the cancel call (no open file, no background
// thread still in Cairn code), and the directory reopens at once with every write.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.CompactionInfo
import dev.cairn.lsm.EventListener
import dev.cairn.lsm.coroutines.testing.TEST_DIR
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openEngineStore
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.job
import okio.fakefilesystem.FakeFileSystem

private fun threadsInBackgroundWork(): List<String> = Thread.getAllStackTraces()
    .filter { (_, frames) -> frames.any { it.className.startsWith("dev.cairn.lsm.internal.engine.BackgroundWork") } }
    .map { (t, _) -> t.name }

/**
 * [threadsInBackgroundWork], once every job's thread has returned: close returns when the last job
 * has reported itself done, and that job's thread may still be inside the unlock that reported it.
 */
private fun threadsLeftInBackgroundWork(): List<String> {
    val deadline = System.nanoTime() + 10_000_000_000L
    while (true) {
        val threads = threadsInBackgroundWork()
        if (threads.isEmpty() || System.nanoTime() > deadline) return threads
        Thread.yield()
    }
}

class EngineScopeSpec : FunSpec({
    test("cancelling the parent scope mid-compaction stops it, frees every file, and the store reopens at once") {
        val fs = FakeFileSystem()
        val parent = CoroutineScope(Job())
        val compacting = CompletableDeferred<Unit>()
        val holdCompaction = object : EventListener {
            override fun onCompactionBegin(info: CompactionInfo) {
                compacting.complete(Unit)
                // keep this compaction in progress until the parent is cancelled (bounded, in case the spec fails first)
                val deadline = System.nanoTime() + 30_000_000_000L
                while (!parent.coroutineContext.job.isCancelled && System.nanoTime() < deadline) Thread.onSpinWait()
            }
        }
        val store = openEngineStore(fs, parentScope = parent) { listener = holdCompaction }
        var rounds = 0
        for (round in 0 until 6) {
            rounds++
            store.write { for (i in 0 until 100) put("k%02d-%03d".format(round, i).b, ByteArray(64) { round.toByte() }) }
            store.flush()
            if (compacting.isCompleted) break
        }
        compacting.await()

        parent.cancel()

        store.isClosed shouldBe true
        fs.checkNoOpenFiles()
        threadsLeftInBackgroundWork() shouldBe emptyList()
        parent.coroutineContext.job.join()
        store.scope.coroutineContext.job.isCompleted shouldBe true

        openEngineStore(fs).use { it.scan().toList().size } shouldBe rounds * 100
        fs.checkNoOpenFiles()
    }
})

// Specification of Store.scan's two passes: a short scan of data in memory is read on the
// collector's dispatcher without a hop; whatever mix of cached and uncached blocks a range meets,
// and wherever the memory pass hands over to Dispatchers.IO, the Flow yields exactly the entries
// an ordinary cursor over the same snapshot yields, in both directions.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.Cursor
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.coroutines.internal.store.ScanRange
import dev.cairn.lsm.coroutines.internal.store.scanFlow
import dev.cairn.lsm.coroutines.testing.TEST_DIR
import dev.cairn.lsm.coroutines.testing.b
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import okio.fakefilesystem.FakeFileSystem
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.CoroutineContext
import kotlin.random.Random

/** Forwards to [inner], counting every dispatch onto it. */
private class DispatchCounter(private val inner: CoroutineDispatcher) : CoroutineDispatcher() {
    val dispatches = AtomicInteger()

    override fun dispatch(context: CoroutineContext, block: Runnable) {
        dispatches.incrementAndGet()
        inner.dispatch(context, block)
    }
}

/** The entries of `[from, to)` read through an ordinary cursor, as "key=value" strings. */
private fun expected(db: LsmStore, from: ByteArray?, to: ByteArray?, reverse: Boolean): List<String> {
    val out = mutableListOf<String>()
    db.newCursor().use { c: Cursor ->
        if (reverse) c.seekToLast() else c.seekToFirst()
        while (c.isValid) {
            val k = c.key().decodeToString()
            val inside = (from == null || k >= from.decodeToString()) && (to == null || k < to.decodeToString())
            if (inside) out += k + "=" + c.value().decodeToString()
            if (reverse) c.prev() else c.next()
        }
    }
    return out
}

private fun List<Entry>.strings() = map { it.key.decodeToString() + "=" + it.value.decodeToString() }

class ScanFlowSpec : FunSpec({
    test("a short scan of data in memory runs on the collector's dispatcher without a hop") {
        val store = Store.open(TEST_DIR, null, FakeFileSystem(), {}) { d, o -> LsmStore.open(d, o) }
        try {
            for (i in 0 until 100) store.put("k%03d".format(i).b, "v$i".b)
            val counting = DispatchCounter(Dispatchers.Default)
            withContext(counting) {
                val before = counting.dispatches.get()
                store.scan(from = "k010".b).take(11).toList().map { it.key.decodeToString() } shouldBe
                    (10..20).map { "k%03d".format(it) }
                store.scan(to = "k050".b, reverse = true).take(3).toList().map { it.key.decodeToString() } shouldBe
                    listOf("k049", "k048", "k047")
                counting.dispatches.get() shouldBe before
            }
        } finally {
            store.close()
        }
    }

    test("a collector that suspends at every entry gets every entry in order, on its own thread") {
        val store = Store.open(TEST_DIR, null, FakeFileSystem(), {}) { d, o -> LsmStore.open(d, o) }
        val single = java.util.concurrent.Executors.newSingleThreadExecutor { r -> Thread(r, "collector") }
        try {
            for (i in 0 until 300) store.put("k%03d".format(i).b, "v$i".b)
            withContext(single.asCoroutineDispatcher()) {
                for (reverse in listOf(false, true)) {
                    val seen = mutableListOf<String>()
                    store.scan(reverse = reverse).collect { e ->
                        if (seen.size % 2 == 0) yield() else delay(1)
                        Thread.currentThread().name shouldStartWith "collector" // kotlinx's debug mode appends the coroutine
                        seen += e.key.decodeToString()
                    }
                    val keys = (0 until 300).map { "k%03d".format(it) }
                    seen shouldBe if (reverse) keys.reversed() else keys
                }
            }
        } finally {
            single.shutdown()
            store.close()
        }
    }

    test("scans agree with a cursor over tables partly cached, and across the hand-over to IO, both ways") {
        for (seed in 1L..5L) {
            val r = Random(seed)
            val fs = FakeFileSystem()
            val config: StoreConfig.() -> Unit = { blockSize = 256; blockCacheBytes = 64L shl 10 }
            Store.open(TEST_DIR, null, fs, config) { d, o -> LsmStore.open(d, o) }.let { s ->
                for (i in 0 until 900) s.put("k%04d".format(i).b, "v$i-${r.nextInt(1000)}".b)
                s.flush()
                repeat(200) { s.put("k%04d".format(r.nextInt(1200)).b, "w${r.nextInt(1000)}".b) }
                repeat(50) { s.delete("k%04d".format(r.nextInt(900)).b) }
                s.close()
            }
            var engine: LsmStore? = null
            val store = Store.open(TEST_DIR, null, fs, config) { d, o -> LsmStore.open(d, o).also { engine = it } }
            try {
                repeat(40) {
                    // Cache a random part of the blocks, so memory passes stop at random places.
                    repeat(r.nextInt(30)) { store.get("k%04d".format(r.nextInt(1200)).b) }
                    val a = if (r.nextInt(4) == 0) null else "k%04d".format(r.nextInt(1300)).b
                    val z = if (r.nextInt(4) == 0) null else "k%04d".format(r.nextInt(1300)).b
                    val reverse = r.nextBoolean()
                    val from = if (a != null && z != null && a.decodeToString() > z.decodeToString()) z else a
                    val to = if (from === z) a else z
                    withClue("seed $seed, [${from?.decodeToString()}, ${to?.decodeToString()}) reverse=$reverse") {
                        store.scan(from, to, reverse).toList().strings() shouldBe expected(engine!!, from, to, reverse)
                    }
                }
                withClue("seed $seed, whole store") {
                    store.scan().toList().strings() shouldBe expected(engine!!, null, null, false)
                    store.scan(reverse = true).toList().strings() shouldBe expected(engine!!, null, null, true)
                    // More entries in memory than a (short) memory pass takes: the rest comes from IO.
                    val pass = 1 + r.nextInt(300)
                    for (reverse in listOf(false, true)) {
                        val all = scanFlow(engine!!, ScanRange(null, null, reverse), pass).toList().strings()
                        (all.size > pass) shouldBe true
                        all shouldBe expected(engine!!, null, null, reverse)
                    }
                }
            } finally {
                store.close()
            }
        }
    }
})

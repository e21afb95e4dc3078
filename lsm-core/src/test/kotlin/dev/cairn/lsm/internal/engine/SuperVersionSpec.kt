// Specifies the striped reference count of a SuperVersion: the engine's retire and the readers'
// references drop the version exactly once, only after the last reader let go, and a reference
// asked for after retirement fails; also under readers on several threads racing the engine.
package dev.cairn.lsm.internal.engine

import dev.cairn.lsm.internal.manifest.FileMetadata
import dev.cairn.lsm.internal.memtable.MemTable
import dev.cairn.lsm.internal.version.TestVersions
import dev.cairn.lsm.internal.version.Version
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicReference
import kotlin.random.Random

private fun emptyVersion(): Version = TestVersions.of(*Array(Version.NUM_LEVELS) { emptyList<FileMetadata>() })

/** Whether the version was dropped: a dropped version refuses references. */
private fun dropped(v: Version): Boolean {
    if (!v.tryRef()) {
        return true
    }
    v.unref()
    return false
}

class SuperVersionSpec : FunSpec({
    val seed = System.getenv("CAIRN_SEED")?.toLong() ?: 20261207L
    val mem = MemTable(1)

    test("the version is dropped when the engine has retired the view and the last reader let go") {
        val v = emptyVersion()
        val sv = SuperVersion(mem, emptyList(), v)
        sv.tryRef() shouldBe true
        sv.tryRef() shouldBe true
        sv.retire()
        dropped(v) shouldBe false
        sv.unref()
        dropped(v) shouldBe false
        sv.unref()
        dropped(v) shouldBe true
        sv.tryRef() shouldBe false
        dropped(v) shouldBe true
    }

    test("a view nobody reads is dropped by its retirement; a reference dropped on another thread counts") {
        val v = emptyVersion()
        val sv = SuperVersion(mem, emptyList(), v)
        sv.tryRef() shouldBe true
        val t = Thread { sv.unref() }
        t.start()
        t.join()
        dropped(v) shouldBe false
        sv.retire()
        dropped(v) shouldBe true
    }

    test("readers on several threads racing the engine's publications never see a dropped version, and every retired one is dropped once") {
        val rounds = 2_000
        val readers = 4
        val current = AtomicReference(SuperVersion(mem, emptyList(), emptyVersion()))
        val published = ArrayList<SuperVersion>()
        published.add(current.get())
        val failure = AtomicReference<Throwable>()
        val done = CountDownLatch(1)
        val threads = (0 until readers).map { n ->
            Thread {
                val r = Random(seed + n)
                try {
                    while (done.count > 0) {
                        var sv: SuperVersion
                        do {
                            sv = current.get()
                        } while (!sv.tryRef())
                        // While the reference is held the version must be alive.
                        if (dropped(sv.version)) {
                            throw AssertionError("a held view's version was dropped (seed=${seed + n})")
                        }
                        if (r.nextInt(4) == 0) {
                            Thread.yield()
                        }
                        sv.unref()
                    }
                } catch (e: Throwable) {
                    failure.compareAndSet(null, e)
                }
            }.also { it.start() }
        }
        for (i in 0 until rounds) {
            val next = SuperVersion(mem, emptyList(), emptyVersion())
            published.add(next)
            current.getAndSet(next).retire()
        }
        done.countDown()
        threads.forEach { it.join() }
        current.get().retire()
        withClue("seed=$seed") {
            failure.get() shouldBe null
            published.count { !dropped(it.version) } shouldBe 0
        }
    }
})

package dev.cairn.lsm.engine

import dev.cairn.lsm.BackgroundErrorException
import dev.cairn.lsm.EventListener
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.util.concurrent.atomic.AtomicReference

class BackgroundErrorSpec : FunSpec({
    fun b(s: String) = s.toByteArray()

    test("a failed flush is kept and rethrown to writers, reads keep working, and resume retries once the cause is gone") {
        val fake = FakeFileSystem()
        val fs = FailingFileSystem(fake)
        val seen = AtomicReference<Throwable>()
        val opts = StoreOptions.builder().fileSystem(fs).listener(object : EventListener {
            override fun onBackgroundError(error: Throwable) { seen.set(error) }
        }).build()
        val db = LsmStore.open("/db".toPath(), opts)
        for (i in 0 until 100) db.put(b("k$i"), b("v$i"))
        fs.failTables = true
        shouldThrow<BackgroundErrorException> { db.flush() }
        seen.get() shouldNotBe null
        shouldThrow<BackgroundErrorException> { db.put(b("x"), b("y")) }
        db.get(b("k7"))!!.decodeToString() shouldBe "v7"
        shouldThrow<BackgroundErrorException> { db.resume() }
        fs.failTables = false
        db.resume()
        db.put(b("x"), b("y"))
        db.flush()
        db.stats().tableCount() shouldBe 2
        db.close()
        LsmStore.open("/db".toPath(), opts).use { again ->
            again.get(b("k99"))!!.decodeToString() shouldBe "v99"
            again.get(b("x"))!!.decodeToString() shouldBe "y"
        }
        fake.checkNoOpenFiles()
        fake.allPaths.filter { it.name.endsWith(".tmp") } shouldBe emptyList()
    }
})

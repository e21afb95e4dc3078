// Specifies the coroutine face of copies: a suspending checkpoint and backup of a Store, and a
// Store opened read-only beside the one that writes, catching up on refresh().
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.Backups
import dev.cairn.lsm.LsmException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

class CopiesSpec : FunSpec({

    test("checkpoint, backup and a read-only store that refreshes, all suspending") {
        val fs = FakeFileSystem().apply { allowReadsWhileWriting = true }
        Store.open("/db".toPath(), fileSystem = fs).use { store ->
            store.put("a".encodeToByteArray(), "1".encodeToByteArray())
            store.checkpoint("/cp".toPath())
            val info = Backups.open("/backups".toPath(), fs).use { b -> store.backup(b) }
            info.id shouldBe 1L
            Store.openReadOnly("/db".toPath(), fileSystem = fs).use { ro ->
                ro.get("a".encodeToByteArray())!!.decodeToString() shouldBe "1"
                store.put("b".encodeToByteArray(), "2".encodeToByteArray())
                ro.get("b".encodeToByteArray()) shouldBe null
                ro.refresh()
                ro.get("b".encodeToByteArray())!!.decodeToString() shouldBe "2"
                shouldThrow<LsmException> { ro.put("c".encodeToByteArray(), "3".encodeToByteArray()) }
            }
        }
        Store.open("/cp".toPath(), fileSystem = fs).use { cp ->
            cp.get("a".encodeToByteArray())!!.decodeToString() shouldBe "1"
            cp.get("b".encodeToByteArray()) shouldBe null
        }
        Backups.open("/backups".toPath(), fs).use { b -> b.restore(1, "/restored".toPath()) }
        Store.open("/restored".toPath(), fileSystem = fs).use { r -> r.get("a".encodeToByteArray())!!.decodeToString() shouldBe "1" }
    }
})

// Store: suspend reads and writes, the write DSL, cold scans, configuration and closing.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.StoreClosedException
import dev.cairn.lsm.coroutines.testing.TEST_DIR
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import okio.fakefilesystem.FakeFileSystem

private suspend fun Store.keys(flow: kotlinx.coroutines.flow.Flow<Entry>) = flow.map { it.key.decodeToString() }.toList()

class StoreSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("put, get and delete round-trip bytes") {
        openStore(fs).use { store ->
            store.get("k".b) shouldBe null
            store.put("k".b, "v".b)
            store.get("k".b)!!.decodeToString() shouldBe "v"
            store.contains("k".b) shouldBe true
            store.delete("k".b)
            store.get("k".b) shouldBe null
        }
    }

    test("a write block is applied as one batch, later writes winning") {
        openStore(fs).use { store ->
            store.put("c".b, "old".b)
            store.write {
                put("a".b, "1".b)
                put("b".b, "2".b)
                put("c".b, "3".b)
                delete("a".b)
                deleteRange("b".b, "c".b)
            }
            store.keys(store.scan()) shouldBe listOf("c")
            store.get("c".b)!!.decodeToString() shouldBe "3"
        }
    }

    test("a bad argument in a write block writes nothing") {
        openStore(fs).use { store ->
            shouldThrow<IllegalArgumentException> {
                store.write {
                    put("a".b, "1".b)
                    deleteRange("z".b, "a".b)
                }
            }
            store.get("a".b) shouldBe null
        }
    }

    test("scan returns the entries of [from, to) in key order, or reversed") {
        openStore(fs).use { store ->
            for (k in listOf("b", "a", "d", "c", "e")) store.put(k.b, k.uppercase().b)
            store.keys(store.scan()) shouldBe listOf("a", "b", "c", "d", "e")
            store.keys(store.scan("b".b, "d".b)) shouldBe listOf("b", "c")
            store.keys(store.scan("b".b, "d".b, reverse = true)) shouldBe listOf("c", "b")
            store.keys(store.scan(to = "c".b, reverse = true)) shouldBe listOf("b", "a")
            store.keys(store.scan(from = "bb".b, reverse = true)) shouldBe listOf("e", "d", "c")
            val (key, value) = store.scan("d".b).first()
            key.decodeToString() shouldBe "d"
            value.decodeToString() shouldBe "D"
        }
    }

    test("scanPrefix returns exactly the keys starting with the prefix") {
        openStore(fs).use { store ->
            for (k in listOf("user:1", "user:2", "user", "usex", "admin")) store.put(k.b, k.b)
            store.keys(store.scanPrefix("user:".b)) shouldBe listOf("user:1", "user:2")
            store.keys(store.scanPrefix("user:".b, reverse = true)) shouldBe listOf("user:2", "user:1")
            store.put(byteArrayOf(-1, -1), "x".b)
            store.scanPrefix(byteArrayOf(-1)).toList().size shouldBe 1
        }
    }

    test("a scan is cold: each collection reads the state at its start") {
        openStore(fs).use { store ->
            val all = store.scan()
            store.put("a".b, "1".b)
            store.keys(all) shouldBe listOf("a")
            store.put("b".b, "2".b)
            store.keys(all) shouldBe listOf("a", "b")
        }
    }

    test("calls after close throw StoreClosedException, and so does a scan collected after close") {
        val store = openStore(fs)
        val scan = store.scan()
        store.close()
        store.isClosed shouldBe true
        shouldThrow<StoreClosedException> { store.put("a".b, "1".b) }
        shouldThrow<StoreClosedException> { store.get("a".b) }
        shouldThrow<StoreClosedException> { store.write { delete("a".b) } }
        shouldThrow<StoreClosedException> { store.flush() }
        shouldThrow<StoreClosedException> { scan.toList() }
        shouldThrow<StoreClosedException> { store.observe("a".b).first() }
    }

    test("close is idempotent, and use closes the store when the block throws") {
        val store = openStore(fs)
        store.close()
        store.close()
        var escaped: Store? = null
        val failure = shouldThrow<IllegalStateException> {
            openStore(fs).use {
                escaped = it
                error("boom")
            }
        }
        failure.message shouldBe "boom"
        escaped!!.isClosed shouldBe true
    }

    test("the config block sets StoreOptions by name and refuses bad values with the builder's message") {
        openStore(fs) {
            memtableSizeBytes = 1L shl 20
            compaction = CompactionStrategy.sizeTiered()
            syncWrites = true
            blockSize = 8192
            bloomBitsPerKey = 12
            blockCacheBytes = 0
            backgroundThreads = 3
            ttl = java.time.Duration.ofDays(1)
        }.close()
        val e = shouldThrow<IllegalArgumentException> { openStore(fs) { blockSize = 1 } }
        e.message shouldContain "blockSize"
    }

    test("the config block's encryption seals the store's files, and the store opens only with its key") {
        val key = ByteArray(32) { it.toByte() }
        openStore(fs) { encryption = Encryption.aesGcm(key) }.use { store ->
            store.put("secret-key".b, "secret-value".b)
        }
        for (file in fs.list(TEST_DIR)) {
            fs.read(file) { readByteArray() }.decodeToString().contains("secret-") shouldBe false
        }
        shouldThrow<LsmException> { openStore(fs) }.message shouldContain "is encrypted: open it with its key"
        openStore(fs) { encryption = Encryption.aesGcm(key) }.use { it.get("secret-key".b)!!.decodeToString() shouldBe "secret-value" }
    }
})

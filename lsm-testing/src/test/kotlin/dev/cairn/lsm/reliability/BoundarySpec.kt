// Specifies that keys and values at the edges of every size that matters (empty, one byte, block
// size ±1, WAL block ±1, the documented maxima) round-trip through the memtable, a flush, a
// reopen and a compaction, and that one byte over a limit is refused before anything is written.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.Limits
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import okio.Path.Companion.toPath
import java.util.Random

private val dir = "/db".toPath()

private fun bytes(size: Int, seed: Int): ByteArray {
    val r = Random(seed.toLong() * 7 + size)
    return ByteArray(size) { r.nextInt(256).toByte() }
}

class BoundarySpec : FunSpec({

    val sizes = listOf(0, 1, 2, 255, 256, 257, 4095, 4096, 4097, 32767, 32768, 32769, 65535, 65536, 65537)

    test("keys of every boundary size round-trip through memtable, flush, reopen and compaction") {
        val fs = CrashFileSystem()
        val options = StoreConfigs.tiny(fs).toBuilder().blockSize(4096).build()
        val keySizes = (sizes.filter { it <= Limits.MAX_KEY_SIZE } + Limits.MAX_KEY_SIZE - 1 + Limits.MAX_KEY_SIZE).distinct()
        val entries = keySizes.mapIndexed { i, n -> bytes(n, i) to bytes(i * 3, i) }
        fun check(store: LsmStore, stage: String) {
            for ((k, v) in entries) withClue("$stage: key of ${k.size} bytes") { store.get(k)?.toList() shouldBe v.toList() }
            readAll(store).size shouldBe entries.map { it.first.toList() }.toSet().size
        }
        LsmStore.open(dir, options).use { store ->
            for ((k, v) in entries) store.put(k, v)
            check(store, "memtable")
            store.flush()
            check(store, "after flush")
        }
        LsmStore.open(dir, options).use { store ->
            check(store, "after reopen")
            store.compactRange(null, null)
            check(store, "after compaction")
        }
        fs.checkNoOpenFiles()
    }

    test("values of every boundary size up to the maximum round-trip through memtable, log recovery, flush and compaction") {
        val fs = CrashFileSystem()
        val options = StoreConfigs.tiny(fs).toBuilder().blockSize(4096).memtableSizeBytes(64L shl 20).build()
        val valueSizes = sizes + listOf(1 shl 20, Limits.MAX_VALUE_SIZE)
        val keys = valueSizes.indices.map { "value-%03d".format(it).encodeToByteArray() }
        fun check(store: LsmStore, stage: String) {
            valueSizes.forEachIndexed { i, n ->
                val v = store.get(keys[i])
                withClue("$stage: value of $n bytes") {
                    (v != null) shouldBe true
                    v!!.size shouldBe n
                    v.contentEquals(bytes(n, i)) shouldBe true
                }
            }
        }
        LsmStore.open(dir, options).use { store ->
            valueSizes.forEachIndexed { i, n -> store.put(keys[i], bytes(n, i)) }
            check(store, "memtable")
        }
        LsmStore.open(dir, options).use { store ->
            check(store, "after log recovery")
            store.flush()
            check(store, "after flush")
            store.compactRange(null, null)
            check(store, "after compaction")
        }
        fs.checkNoOpenFiles()
    }

    test("a key or value one byte over its limit is refused, naming the limit, and nothing is written") {
        val fs = CrashFileSystem()
        LsmStore.open(dir, StoreConfigs.tiny(fs)).use { store ->
            store.put("before".encodeToByteArray(), "x".encodeToByteArray())
            val bigKey = shouldThrow<IllegalArgumentException> { store.put(ByteArray(Limits.MAX_KEY_SIZE + 1), ByteArray(0)) }
            bigKey.message shouldContain Limits.MAX_KEY_SIZE.toString()
            val bigValue = shouldThrow<IllegalArgumentException> {
                store.write(WriteBatch().put("a".encodeToByteArray(), "1".encodeToByteArray()).put("b".encodeToByteArray(), ByteArray(Limits.MAX_VALUE_SIZE + 1)))
            }
            bigValue.message shouldContain Limits.MAX_VALUE_SIZE.toString()
            store.get("a".encodeToByteArray()) shouldBe null
            readAll(store).size shouldBe 1
        }
    }

    test("an empty key and an empty value are ordinary entries") {
        val fs = CrashFileSystem()
        LsmStore.open(dir, StoreConfigs.tiny(fs)).use { store ->
            store.put(ByteArray(0), ByteArray(0))
            store.get(ByteArray(0))!!.size shouldBe 0
            store.newCursor().use { c -> c.seekToFirst(); c.isValid shouldBe true; c.key().size shouldBe 0 }
            store.delete(ByteArray(0))
            store.get(ByteArray(0)) shouldBe null
            store.put(ByteArray(0), ByteArray(1))
            store.flush()
            store.get(ByteArray(0))!!.size shouldBe 1
        }
    }
})

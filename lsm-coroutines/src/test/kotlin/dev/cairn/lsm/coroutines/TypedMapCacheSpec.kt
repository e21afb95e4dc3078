// StoreConfig.typedMapCacheBytes: a whole typed-map scan keeps its decoded entries and hands them
// back until a write touches the map; every kind of write drops them (a seeded model run checks
// scans against a model after each write); the budget bounds what is kept; stores whose scans
// change without a write (TTL) keep nothing.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.coroutines.internal.store.ByteKeys
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.kotest.matchers.types.shouldNotBeSameInstanceAs
import java.time.Duration
import java.util.TreeMap
import kotlin.random.Random
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import okio.fakefilesystem.FakeFileSystem

class TypedMapCacheSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("a whole scan hands back the same decoded entries until a write touches the map, in both directions") {
        openStore(fs) { typedMapCacheBytes = 1L shl 20 }.use { store ->
            val notes = store.map<Int, String>("notes")
            val other = store.map<Int, String>("other")
            for (i in 0 until 50) notes.put(i, "note $i")
            val first = notes.scan().toList()
            first.map { it.key } shouldBe (0 until 50).toList()
            val second = notes.scan().toList()
            second[7] shouldBeSameInstanceAs first[7]
            notes.scan(reverse = true).toList().let { rev ->
                rev.map { it.key } shouldBe (49 downTo 0).toList()
                rev[0] shouldBeSameInstanceAs first[49]
            }
            other.put(1, "elsewhere") // another map: the entries stay
            notes.scan().toList()[7] shouldBeSameInstanceAs first[7]
            notes.put(7, "changed")
            val third = notes.scan().toList()
            third[7].value shouldBe "changed"
            third[8] shouldNotBeSameInstanceAs first[8]
            notes.scan(from = 10, to = 12).toList().map { it.value } shouldBe listOf("note 10", "note 11")
        }
    }

    test("every kind of write drops the entries of the maps it touches (seeded model run)") {
        for (seed in 1L..4L) {
            val r = Random(seed)
            val seedFs = FakeFileSystem() // a fresh store per seed
            openStore(seedFs) {
                typedMapCacheBytes = 1L shl 20
                merge("counters", Merge<Long> { a, b -> a + b })
            }.use { store ->
                val counters = store.map<Int, Long>("counters")
                val model = TreeMap<Int, Long>()
                val prefix = ByteKeys.mapPrefix("counters")
                repeat(120) { step ->
                    val k = r.nextInt(40)
                    val what = when (r.nextInt(9)) {
                        0 -> { counters.put(k, step.toLong()); model[k] = step.toLong(); "put" }
                        1 -> { counters.delete(k); model.remove(k); "delete" }
                        2 -> { counters.merge(k, 5); model[k] = (model[k] ?: 0) + 5; "merge" }
                        3 -> {
                            store.write { counters[k] = 1; counters.remove(k + 1) }
                            model[k] = 1; model.remove(k + 1); "batch"
                        }
                        4 -> {
                            store.transaction { tx -> counters.put(tx, k, 2) }
                            model[k] = 2; "transaction"
                        }
                        5 -> {
                            val from = counters.keyBytes(k)
                            val to = counters.keyBytes(k + 3)
                            store.deleteRange(from, to)
                            model.subMap(k, k + 3).clear(); "raw deleteRange"
                        }
                        6 -> {
                            store.put(counters.keyBytes(k), counters.valueBytes(9L))
                            model[k] = 9; "raw put"
                        }
                        7 -> { if (r.nextInt(6) == 0) { counters.clear(); model.clear() }; "clear" }
                        else -> { counters.update(k) { (it ?: 0) + 1 }; model[k] = (model[k] ?: 0) + 1; "update" }
                    }
                    withClue("seed $seed, step $step ($what), prefix ${ByteKeys.hex(prefix)}") {
                        counters.scan().toList().associate { it.key to it.value } shouldBe model
                        counters.scan(reverse = true).toList().map { it.key } shouldBe model.keys.reversed()
                        counters.scan().toList().associate { it.key to it.value } shouldBe model // from the cache
                    }
                }
            }
            seedFs.checkNoOpenFiles()
        }
    }

    test("the budget bounds what is kept: a map too big is not kept, and filling one evicts another") {
        val value = "x".repeat(100)
        openStore(fs) { typedMapCacheBytes = 4000 }.use { store ->
            val big = store.map<Int, String>("big")
            for (i in 0 until 60) big.put(i, value) // about 6 600 raw bytes
            val once = big.scan().toList()
            big.scan().toList()[0] shouldNotBeSameInstanceAs once[0]
            store.scanCache.usedBytes() shouldBe 0

            val a = store.map<Int, String>("a")
            val b = store.map<Int, String>("b")
            for (i in 0 until 25) { a.put(i, value); b.put(i, value) } // about 2 750 raw bytes each
            val keptA = a.scan().toList()
            a.scan().toList()[0] shouldBeSameInstanceAs keptA[0]
            val keptB = b.scan().toList()
            b.scan().toList()[0] shouldBeSameInstanceAs keptB[0]
            a.scan().toList()[0] shouldNotBeSameInstanceAs keptA[0] // evicted to make room for b
            (store.scanCache.usedBytes() <= 4000) shouldBe true
        }
    }

    test("a scan cut short keeps nothing; a store with a TTL never keeps; a negative budget is refused") {
        openStore(fs) { typedMapCacheBytes = 1L shl 20 }.use { store ->
            val notes = store.map<Int, String>("notes")
            for (i in 0 until 20) notes.put(i, "n$i")
            notes.scan().take(3).toList().size shouldBe 3
            store.scanCache.usedBytes() shouldBe 0
            notes.scan().toList().size shouldBe 20
            (store.scanCache.usedBytes() > 0) shouldBe true
        }
        openStore(FakeFileSystem(), configure = {
            typedMapCacheBytes = 1L shl 20
            ttl = Duration.ofDays(1)
        }).use { store ->
            val notes = store.map<Int, String>("notes")
            notes.put(1, "a")
            val once = notes.scan().toList()
            notes.scan().toList()[0] shouldNotBeSameInstanceAs once[0]
        }
        shouldThrow<IllegalArgumentException> { openStore(FakeFileSystem()) { typedMapCacheBytes = -1 } }
    }
})

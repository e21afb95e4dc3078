// Typed merges on typed maps (Merge<V> on decoded values), raw merges, and the compaction-filter
// lambda of StoreConfig.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.CompactionFilter
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext
import kotlinx.coroutines.Dispatchers
import okio.fakefilesystem.FakeFileSystem

class MergeSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("counters.merge(id, 1L) with a Merge<Long> adds decoded values, across flushes, compactions and reopen") {
        val config: StoreConfig.() -> Unit = {
            merge("counters", Merge<Long> { a, b -> a + b })
            merge("tags", Merge<Set<String>> { a, b -> a + b })
        }
        openStore(fs, configure = config).use { store ->
            val counters = store.map<String, Long>("counters")
            val tags = store.map<Int, Set<String>>("tags")
            counters.put("home", 10L)
            coroutineScope {
                (0 until 8).map { w ->
                    async(Dispatchers.Default) { repeat(250) { counters.merge(if (it % 2 == 0) "home" else "about", 1L) } }
                }.awaitAll()
            }
            counters["home"] shouldBe 1010L
            counters["about"] shouldBe 1000L
            tags.merge(1, setOf("a"))
            store.write { merge(tags, 1, setOf("b")); merge(counters, "home", 5L) }
            withContext(Dispatchers.IO) { store.flush(); store.compactRange(null, null) }
            counters["home"] shouldBe 1015L
            tags[1] shouldBe setOf("a", "b")
            counters.scan().map { it.key to it.value }.toList() shouldBe listOf("about" to 1000L, "home" to 1015L)
        }
        openStore(fs, configure = config).use { store ->
            store.map<String, Long>("counters")["home"] shouldBe 1015L
        }
    }

    test("a map without a Merge refuses merge with a message naming the fix; raw merges use mergeOperator") {
        openStore(fs) { mergeOperator = MergeOperators.uint64Add() }.use { store ->
            val plain = store.map<String, Long>("plain")
            shouldThrow<IllegalStateException> { plain.merge("x", 1L) }.message shouldContain "Merge<V>"
            plain["x"] shouldBe null
            store.merge("raw".b, MergeOperators.uint64(2))
            store.merge("raw".b, MergeOperators.uint64(3))
            MergeOperators.uint64Value(store.get("raw".b)) shouldBe 5L
        }
        openStore(fs).use { store ->
            shouldThrow<IllegalArgumentException> { store.merge("raw2".b, MergeOperators.uint64(1)) }.message shouldContain "mergeOperator"
        }
    }

    test("a Merge that throws fails the read with an LsmException naming the map") {
        openStore(fs) { merge("picky", Merge<Int> { a, b -> require(b > 0) { "negative" }; a + b }) }.use { store ->
            val picky = store.map<String, Int>("picky")
            picky.put("k", 1)
            picky.merge("k", -1)
            shouldThrow<LsmException> { picky["k"] }.message shouldContain "picky"
        }
    }

    test("the compactionFilter lambda removes and changes values during compaction") {
        openStore(fs) {
            compactionFilter { e ->
                when (e.key().decodeToString()) {
                    "gone" -> CompactionFilter.Decision.remove()
                    "loud" -> CompactionFilter.Decision.changeValue(e.value().decodeToString().uppercase().b)
                    else -> CompactionFilter.Decision.keep()
                }
            }
        }.use { store ->
            store.put("gone".b, "x".b); store.put("loud".b, "hey".b); store.put("kept".b, "k".b)
            withContext(Dispatchers.IO) { store.flush(); store.compactRange(null, null) }
            store.get("gone".b) shouldBe null
            store.get("loud".b)!!.decodeToString() shouldBe "HEY"
            store.get("kept".b)!!.decodeToString() shouldBe "k"
        }
    }
})

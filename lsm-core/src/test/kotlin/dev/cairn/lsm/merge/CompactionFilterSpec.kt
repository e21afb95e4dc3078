// Compaction filters: remove and change values as compactions rewrite them, never touching what a
// live snapshot reads; see merged values only after a full merge; fail loudly.
package dev.cairn.lsm.merge

import dev.cairn.lsm.CompactionFilter
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.CopyOnWriteArrayList
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun b(s: String) = s.toByteArray()

class CompactionFilterSpec : FunSpec({
    /** Removes keys starting with "drop", upper-cases values of keys starting with "up". */
    val seen = CopyOnWriteArrayList<CompactionFilter.Entry>()
    val filter = CompactionFilter { e ->
        seen += e
        val k = e.key().decodeToString()
        when {
            k.startsWith("drop") -> CompactionFilter.Decision.remove()
            k.startsWith("up") -> CompactionFilter.Decision.changeValue(e.value().decodeToString().uppercase().toByteArray())
            else -> CompactionFilter.Decision.keep()
        }
    }

    fun open(fs: FakeFileSystem) = LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(fs)
        .compactionFilter(filter).mergeOperator(MergeOperators.stringAppend(",")).build())

    beforeTest { seen.clear() }

    test("a filter removes and changes values during compaction, not during flush, and a removed key stays gone") {
        val fs = FakeFileSystem()
        open(fs).use { db ->
            db.put(b("drop1"), b("a")); db.put(b("up1"), b("abc")); db.put(b("keep1"), b("k"))
            db.flush()
            seen.size shouldBe 0
            db.get(b("drop1"))!!.decodeToString() shouldBe "a"
            db.put(b("drop2"), b("old"))
            db.flush()
            db.compactRange(null, null)
            db.get(b("drop1")) shouldBe null
            db.get(b("drop2")) shouldBe null
            db.get(b("up1"))!!.decodeToString() shouldBe "ABC"
            db.get(b("keep1"))!!.decodeToString() shouldBe "k"
            seen.map { it.key().decodeToString() }.toSet() shouldBe setOf("drop1", "drop2", "up1", "keep1")
            seen.all { it.bottommost() && it.level() >= 1 && it.ageMillis() >= 0 } shouldBe true
        }
        open(fs).use { db -> db.get(b("drop1")) shouldBe null }
        fs.checkNoOpenFiles()
    }

    test("a filter never sees nor changes a version a live snapshot reads") {
        open(FakeFileSystem()).use { db ->
            db.put(b("up-snap"), b("first"))
            db.put(b("drop-snap"), b("kept for the snapshot"))
            val snap = db.snapshot()
            db.put(b("up-snap"), b("second"))
            db.flush()
            db.compactRange(null, null)
            db.get(b("up-snap"))!!.decodeToString() shouldBe "SECOND"
            db.get(b("up-snap"), ReadOptions.at(snap))!!.decodeToString() shouldBe "first"
            db.get(b("drop-snap"), ReadOptions.at(snap))!!.decodeToString() shouldBe "kept for the snapshot"
            db.get(b("drop-snap"))!!.decodeToString() shouldBe "kept for the snapshot"
            seen.none { it.value().decodeToString() == "first" || it.key().decodeToString() == "drop-snap" } shouldBe true
            snap.close()
            db.compactRange(null, null)
            db.get(b("drop-snap")) shouldBe null
        }
    }

    test("a filter sees merged values only after a full merge, never a bare operand") {
        open(FakeFileSystem()).use { db ->
            db.put(b("up-m"), b("x"))
            db.flush(); db.compactRange(null, null)
            seen.clear()
            db.merge(b("up-m"), b("y"))
            db.flush()
            seen.size shouldBe 0
            db.compactRange(null, null)
            seen.map { it.value().decodeToString() } shouldBe listOf("X,y")
            db.get(b("up-m"))!!.decodeToString() shouldBe "X,Y"
        }
    }

    test("a failing filter fails the compaction, names the key and drops nothing") {
        val fs = FakeFileSystem()
        val opts = StoreOptions.builder().fileSystem(fs).compactionFilter { e ->
            if (e.key().decodeToString() == "bad") error("filter refuses") else CompactionFilter.Decision.keep()
        }.build()
        LsmStore.open("/db".toPath(), opts).use { db ->
            db.put(b("bad"), b("v")); db.put(b("good"), b("w"))
            db.flush()
            shouldThrow<LsmException> { db.compactRange(null, null) }.let { e ->
                generateSequence<Throwable>(e) { it.cause }.any { it.message?.contains("\"bad\"") == true } shouldBe true
            }
            db.get(b("bad"))!!.decodeToString() shouldBe "v"
            db.get(b("good"))!!.decodeToString() shouldBe "w"
        }
        shouldThrow<IllegalArgumentException> { CompactionFilter.Decision.changeValue(null) }
    }
})

// A store written before merges existed (a fixture written by the code on main before the MERGE
// kind: a compacted table with puts, a delete and a range delete, and a write-ahead log of puts)
// opens unchanged, reads as it did, and takes merges on top of its old values.
package dev.cairn.lsm.merge

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.StoreOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private const val FIXTURE = "/dev/cairn/lsm/merge/pre-merge-store/"

class PreMergeStoreSpec : FunSpec({
    fun copyFixture(fs: FakeFileSystem) {
        val dir = "/db".toPath()
        fs.createDirectories(dir)
        val names = PreMergeStoreSpec::class.java.getResourceAsStream(FIXTURE + "files.txt")!!
            .bufferedReader().readLines().filter { it.isNotBlank() }
        for (name in names) {
            val bytes = PreMergeStoreSpec::class.java.getResourceAsStream(FIXTURE + name)!!.use { it.readBytes() }
            fs.write(dir / name) { write(bytes) }
        }
    }

    /** What the fixture's writer wrote (WriteFixture: counters c000..c199, w0..w9). */
    fun expected(): Map<String, Long> {
        val m = sortedMapOf<String, Long>()
        for (i in 0 until 200) m["c%03d".format(i)] = i.toLong()
        m.remove("c005")
        for (i in 100 until 110) m.remove("c%03d".format(i))
        m["c150"] = 7
        for (i in 0 until 10) m["w$i"] = 1000L + i
        return m
    }

    fun LsmStore.contents(): Map<String, Long> {
        val m = sortedMapOf<String, Long>()
        newCursor().use { c ->
            c.seekToFirst()
            while (c.isValid) { m[c.key().decodeToString()] = MergeOperators.uint64Value(c.value()); c.next() }
        }
        return m
    }

    test("a store written before merges opens unchanged, with or without a merge operator") {
        val fs = FakeFileSystem()
        copyFixture(fs)
        LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(fs).build()).use { db ->
            db.contents() shouldBe expected()
        }
        LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(fs).mergeOperator(MergeOperators.uint64Add()).build()).use { db ->
            db.contents() shouldBe expected()
        }
    }

    test("merges apply on top of a pre-merge store's values, through compaction and reopen") {
        val fs = FakeFileSystem()
        copyFixture(fs)
        val opts = StoreOptions.builder().fileSystem(fs).mergeOperator(MergeOperators.uint64Add()).build()
        val want = expected().toMutableMap()
        LsmStore.open("/db".toPath(), opts).use { db ->
            for (k in listOf("c000", "c005", "c105", "c150", "w3", "new")) {
                db.merge(k.toByteArray(), MergeOperators.uint64(5))
                want.merge(k, 5L, Long::plus)
            }
            db.contents() shouldBe want.toSortedMap()
            db.flush()
            db.compactRange(null, null)
            db.contents() shouldBe want.toSortedMap()
        }
        LsmStore.open("/db".toPath(), opts).use { db -> db.contents() shouldBe want.toSortedMap() }
        fs.checkNoOpenFiles()
    }
})

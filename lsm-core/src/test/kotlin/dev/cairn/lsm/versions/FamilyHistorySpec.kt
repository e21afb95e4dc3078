// Versioned reads in column families: history of a family's key (list, range, stream), get and
// cursor as of an instant, each family's versions apart from the others', a family's merge operator
// and TTL applied, options changed with setOptions seen by history (the default family's too), and
// bad input (a dropped family, a store without a window) refused with the reason.
package dev.cairn.lsm.versions

import dev.cairn.lsm.ColumnFamilyOptions
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.time.Instant
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun b(s: String) = s.toByteArray()

private fun options(clock: MutableClock, window: Duration? = Duration.ofHours(1)) =
    StoreOptions.builder().fileSystem(SynchronizedFileSystem(FakeFileSystem())).clock(clock)
        .memtableSizeBytes(64 * 1024).retainVersions(window).build()

class FamilyHistorySpec : FunSpec({
    test("a family's history lists its own versions only, across a flush and a compaction, as list, range and stream") {
        val clock = MutableClock(2_000_000)
        LsmStore.open("/db".toPath(), options(clock)).use { db ->
            val users = db.createColumnFamily("users", ColumnFamilyOptions.defaults())
            db.put(users, b("k"), b("u1"))     // 2_000_000
            db.put(b("k"), b("d1"))            // same instant, default family
            clock.advance(10)
            db.put(users, b("k"), b("u2"))     // 2_000_010
            db.flush(users)
            clock.advance(10)
            db.delete(users, b("k"))           // 2_000_020
            clock.advance(10)
            db.put(users, b("m"), b("m1"))     // 2_000_030
            db.compactRange(users, null, null)

            val h = db.historyOf(users, b("k"))
            h.map { it.value()?.decodeToString() } shouldBe listOf(null, "u2", "u1")
            h.map { it.timestamp().toEpochMilli() } shouldBe listOf(2_000_020L, 2_000_010L, 2_000_000L)
            db.history(b("k")).map { it.value()?.decodeToString() } shouldBe listOf("d1")

            db.history(users, null, null).map { it.key().decodeToString() + "=" + it.value()?.decodeToString() } shouldBe
                listOf("k=null", "k=u2", "k=u1", "m=m1")
            db.historyStream(users, b("l"), null).use { s -> s.map { it.key().decodeToString() }.toList() } shouldBe listOf("m")

            val at = Instant.ofEpochMilli(2_000_015)
            db.get(users, b("k"), ReadOptions.asOf(at))!!.decodeToString() shouldBe "u2"
            db.get(users, b("m"), ReadOptions.asOf(at)) shouldBe null
            db.newCursor(users, ReadOptions.asOf(at)).use { c ->
                c.seekToLast()
                c.key().decodeToString() shouldBe "k"
                c.value().decodeToString() shouldBe "u2"
                c.prev()
                c.isValid shouldBe false
            }
        }
    }

    test("history folds a family's merge operands with its operator, and sees an operator set later with setOptions, the default family's too") {
        val clock = MutableClock(3_000_000)
        LsmStore.open("/db".toPath(), options(clock)).use { db ->
            val counters = db.createColumnFamily("counters",
                ColumnFamilyOptions.builder().mergeOperator(MergeOperators.uint64Add()).build())
            db.merge(counters, b("n"), MergeOperators.uint64(1))
            clock.advance(10)
            db.merge(counters, b("n"), MergeOperators.uint64(2))
            db.historyOf(counters, b("n")).map { MergeOperators.uint64Value(it.value()) } shouldBe listOf(3L, 1L)

            // the default family had no operator at open; one set now is the one history folds with
            val default = db.columnFamily("default")!!
            db.setOptions(default, ColumnFamilyOptions.builder().mergeOperator(MergeOperators.uint64Add()).build())
            db.merge(b("d"), MergeOperators.uint64(5))
            clock.advance(10)
            db.merge(b("d"), MergeOperators.uint64(6))
            db.history(b("d")).map { MergeOperators.uint64Value(it.value()) } shouldBe listOf(11L, 5L)
            db.historyOf(default, b("d")).map { MergeOperators.uint64Value(it.value()) } shouldBe listOf(11L, 5L)
        }
    }

    test("history of a dropped family, or in a store without a window, is refused with the reason") {
        val clock = MutableClock(4_000_000)
        LsmStore.open("/db".toPath(), options(clock)).use { db ->
            val gone = db.createColumnFamily("gone", ColumnFamilyOptions.defaults())
            db.dropColumnFamily(gone)
            shouldThrow<IllegalArgumentException> { db.historyOf(gone, b("k")) }.message shouldContain "gone was dropped"
            shouldThrow<IllegalArgumentException> { db.historyStream(gone, null, null) }.message shouldContain "dropped"
        }
        LsmStore.open("/db2".toPath(), options(clock, null)).use { db ->
            val users = db.createColumnFamily("users", ColumnFamilyOptions.defaults())
            shouldThrow<IllegalArgumentException> { db.historyOf(users, b("k")) }.message shouldContain "retainVersions"
        }
    }
})

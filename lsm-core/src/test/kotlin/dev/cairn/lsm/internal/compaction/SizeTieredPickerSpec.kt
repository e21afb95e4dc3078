// Given a table layout, the size-tiered picker chooses this job (or none), and pendingBytes
// agrees with it.
package dev.cairn.lsm.internal.compaction

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.internal.compaction.PickerFixtures.fixedClock
import dev.cairn.lsm.internal.compaction.PickerFixtures.numbers
import dev.cairn.lsm.internal.compaction.PickerFixtures.table
import dev.cairn.lsm.internal.version.TestVersions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe

class SizeTieredPickerSpec : FunSpec({
    val now = fixedClock.millis()
    val noSmallBucket = CompactionStrategy.builder(CompactionStrategy.Kind.SIZE_TIERED).minSstableSize(0).build()
    fun picker(s: CompactionStrategy = noSmallBucket) = RememberingPicker(SizeTieredPicker(s, null, fixedClock))

    test("four tables of similar size are merged into one level-0 table") {
        val v = TestVersions.of(listOf(table(1, 1000), table(2, 1100), table(3, 900), table(4, 1050)))
        val c = picker().pick(v, emptySet(), now).shouldNotBeNull()
        numbers(c) shouldContainExactlyInAnyOrder listOf(1L, 2L, 3L, 4L)
        c.outputLevel() shouldBe 0
        c.targetFileSize() shouldBe Long.MAX_VALUE
        picker().pendingBytes(v) shouldBe 4050L
    }

    test("three similar tables are not enough, and nothing is pending") {
        val v = TestVersions.of(listOf(table(1, 1000), table(2, 1100), table(3, 900), table(4, 5000)))
        picker().pick(v, emptySet(), now).shouldBeNull()
        picker().pendingBytes(v) shouldBe 0L
    }

    test("tables of very different sizes fall into different buckets") {
        val v = TestVersions.of(listOf(table(1, 100), table(2, 110), table(3, 1000), table(4, 1100),
            table(5, 10_000), table(6, 100_000)))
        picker().pick(v, emptySet(), now).shouldBeNull()
    }

    test("tables under minSstableSize share one bucket whatever their sizes") {
        val s = CompactionStrategy.builder(CompactionStrategy.Kind.SIZE_TIERED).minSstableSize(50_000).build()
        val v = TestVersions.of(listOf(table(1, 100), table(2, 1000), table(3, 10_000), table(4, 40_000),
            table(5, 1_000_000)))
        numbers(picker(s).pick(v, emptySet(), now)) shouldContainExactlyInAnyOrder listOf(1L, 2L, 3L, 4L)
    }

    test("the bucket with the most tables goes first") {
        val v = TestVersions.of(listOf(
            table(1, 1000), table(2, 1000), table(3, 1000), table(4, 1000),
            table(5, 100_000), table(6, 100_000), table(7, 100_000), table(8, 100_000), table(9, 100_000)))
        numbers(picker().pick(v, emptySet(), now)) shouldContainExactlyInAnyOrder listOf(5L, 6L, 7L, 8L, 9L)
    }

    test("a bucket larger than maxThreshold is trimmed to its smallest tables") {
        val s = noSmallBucket.toBuilder().maxThreshold(4).build()
        val v = TestVersions.of((1L..6L).map { table(it, 1000 + it) })
        numbers(picker(s).pick(v, emptySet(), now)) shouldContainExactlyInAnyOrder listOf(1L, 2L, 3L, 4L)
    }

    test("tables already being compacted are left out of the buckets") {
        val v = TestVersions.of((1L..5L).map { table(it, 1000) })
        numbers(picker().pick(v, setOf(1L), now)) shouldContainExactlyInAnyOrder listOf(2L, 3L, 4L, 5L)
        picker().pick(v, setOf(1L, 2L), now).shouldBeNull()
    }

    test("a store leveled before is drained into level 0 from its shallowest sorted level") {
        val l1 = listOf(table(10, 5000, "a", "f"), table(11, 5000, "g", "m"))
        val l2 = listOf(table(20, 50_000, "a", "z"))
        val v = TestVersions.of(listOf(table(1, 1000)), l1, l2)
        val c = picker().pick(v, emptySet(), now).shouldNotBeNull()
        numbers(c) shouldBe listOf(10L)
        c.inputLevels() shouldBe listOf(1)
        c.outputLevel() shouldBe 0
        numbers(picker().pick(v, setOf(10L), now)) shouldBe listOf(11L)
        // Level 2 may be shadowed by level 1 and waits until level 1 is empty.
        picker().pick(v, setOf(10L, 11L), now).shouldBeNull()
        picker().pendingBytes(v) shouldBeGreaterThan 0L
        numbers(picker().pick(TestVersions.of(emptyList(), emptyList(), l2), emptySet(), now)) shouldBe listOf(20L)
    }

    test("manual compaction merges every table meeting the range, across levels, into level 0") {
        val v = TestVersions.of(listOf(table(1, 10, "a", "c"), table(2, 10, "x", "z")),
            listOf(table(10, 10, "b", "d"), table(11, 10, "e", "f")))
        val c = picker().manual(v, "a".toByteArray(), "b".toByteArray()).shouldNotBeNull()
        numbers(c) shouldContainExactlyInAnyOrder listOf(1L, 10L)
        c.outputLevel() shouldBe 0
        numbers(picker().manual(v, null, null)) shouldContainExactlyInAnyOrder listOf(1L, 2L, 10L, 11L)
        picker().manual(v, "g".toByteArray(), "h".toByteArray()).shouldBeNull()
    }

    test("at the slowdown threshold with no bucket ready, the smallest tables are merged anyway") {
        // Sizes doubling each time: no two tables share a bucket.
        val spread = (1L..40L).map { table(it, 1L shl it.toInt()) }
        val s = noSmallBucket.toBuilder().maxThreshold(8).build()
        picker(s).slowdownTables() shouldBe 40
        val c = picker(s).pick(TestVersions.of(spread), emptySet(), now).shouldNotBeNull()
        numbers(c) shouldContainExactlyInAnyOrder (1L..8L).toList()
        c.reason() shouldBe "size-tiered table-count relief"
        picker(s).pick(TestVersions.of(spread.drop(1)), emptySet(), now).shouldBeNull()
        picker(s).pendingBytes(TestVersions.of(spread.drop(1))) shouldBe 0L
    }
})

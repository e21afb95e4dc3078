// Given a table layout and a time, the time-window picker chooses this job (or none): size-tiered
// inside the current window, one table per old window, never across windows, whole expired
// tables dropped under a TTL unless their tombstones still hide live data.
package dev.cairn.lsm.internal.compaction

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.internal.compaction.PickerFixtures.fixedClock
import dev.cairn.lsm.internal.compaction.PickerFixtures.numbers
import dev.cairn.lsm.internal.compaction.PickerFixtures.table
import dev.cairn.lsm.internal.version.TestVersions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import java.time.Duration

class TimeWindowPickerSpec : FunSpec({
    val hour = 3_600_000L
    val now = fixedClock.millis()
    val strategy = CompactionStrategy.builder(CompactionStrategy.Kind.TIME_WINDOW)
        .window(Duration.ofHours(1)).minSstableSize(0).build()
    fun picker(ttl: Duration? = null) = RememberingPicker(TimeWindowPicker(strategy, ttl, fixedClock))

    test("the current window is compacted size-tiered: four similar tables merge, three do not") {
        val three = (1L..3L).map { table(it, 1000, writeTime = now - 10) }
        picker().pick(TestVersions.of(three), emptySet(), now).shouldBeNull()
        val four = three + table(4, 1000, writeTime = now - 20)
        val c = picker().pick(TestVersions.of(four), emptySet(), now).shouldNotBeNull()
        numbers(c) shouldContainExactlyInAnyOrder listOf(1L, 2L, 3L, 4L)
        c.outputLevel() shouldBe 0
    }

    test("an old window is merged down to one table, even two tables of different sizes") {
        val v = TestVersions.of(listOf(table(1, 100, writeTime = now - 2 * hour), table(2, 100_000, writeTime = now - 2 * hour - 5),
            table(3, 1000, writeTime = now - 10)))
        numbers(picker().pick(v, emptySet(), now)) shouldContainExactlyInAnyOrder listOf(1L, 2L)
        picker().pendingBytes(v) shouldBe 100_100L
    }

    test("windows are never merged together: one table per window is settled") {
        val v = TestVersions.of((1L..5L).map { table(it, 1000, writeTime = now - it * hour) } + table(9, 10, writeTime = now))
        picker().pick(v, emptySet(), now).shouldBeNull()
        picker().pendingBytes(v) shouldBe 0L
    }

    test("a table belongs to the window of its newest write") {
        // Minimum write time two hours ago, newest write now: it is a current-window table.
        val t = table(1, 1000, writeTime = now - 2 * hour).copyWithWriteTimes(now - 2 * hour, now - 1)
        val v = TestVersions.of(listOf(t, table(2, 1000, writeTime = now - 2 * hour)))
        picker().pick(v, emptySet(), now).shouldBeNull()
    }

    test("with a TTL, a wholly expired table is dropped without being read") {
        val v = TestVersions.of(listOf(table(1, 1000, "a", "m", writeTime = now - 3 * hour),
            table(2, 1000, "a", "m", writeTime = now - 10)))
        val c = picker(Duration.ofHours(2)).pick(v, emptySet(), now).shouldNotBeNull()
        c.inputs().shouldBeEmpty()
        c.dropWhole().map { it.number() } shouldBe listOf(1L)
        picker(Duration.ofHours(2)).pendingBytes(v) shouldBe 1000L
        picker(Duration.ofHours(4)).pick(v, emptySet(), now).shouldBeNull()
    }

    test("an expired table with tombstones stays while an older overlapping table is still live") {
        val oldLive = table(1, 1000, "a", "m", seq = 1L..10L, writeTime = now - 10)
        val expiredTombs = table(2, 1000, "a", "m", seq = 20L..30L, writeTime = now - 3 * hour, pointTombstones = 5)
        val p = picker(Duration.ofHours(2))
        p.pick(TestVersions.of(listOf(expiredTombs, oldLive)), emptySet(), now)?.dropWhole().orEmpty().shouldBeEmpty()
        // Without the overlap it goes.
        val elsewhere = table(1, 1000, "n", "z", seq = 1L..10L, writeTime = now - 10)
        p.pick(TestVersions.of(listOf(expiredTombs, elsewhere)), emptySet(), now).shouldNotBeNull()
            .dropWhole().map { it.number() } shouldBe listOf(2L)
    }

    test("a table holding only a range tombstone counts as written when it was created") {
        val t = table(1, 100, entries = 0, rangeTombstones = 1, writeTime = 0, created = now - 10)
        picker(Duration.ofHours(1)).pick(TestVersions.of(listOf(t)), emptySet(), now).shouldBeNull()
    }
})

private fun dev.cairn.lsm.internal.manifest.FileMetadata.copyWithWriteTimes(min: Long, max: Long) =
    dev.cairn.lsm.internal.manifest.FileMetadata(number(), fileSize(), smallest(), largest(), smallestSeq(), largestSeq(),
        min, max, entries(), pointTombstones(), rangeTombstones(), creationTime())

// Given a table layout, every picker chooses a single-table tombstone compaction once a table's
// tombstone ratio and age pass the strategy's thresholds, and does not repeat a futile one.
package dev.cairn.lsm.internal.compaction

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.internal.compaction.PickerFixtures.fixedClock
import dev.cairn.lsm.internal.compaction.PickerFixtures.numbers
import dev.cairn.lsm.internal.compaction.PickerFixtures.table
import dev.cairn.lsm.internal.version.TestVersions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import java.time.Duration

class TombstoneCandidatesSpec : FunSpec({
    val now = fixedClock.millis()
    val hour = 3_600_000L

    for (kind in CompactionStrategy.Kind.values()) {
        val strategy = CompactionStrategy.builder(kind).tombstoneRatio(0.2).tombstoneInterval(Duration.ofHours(1)).build()
        fun picker() = RememberingPicker(Pickers.forStrategy(strategy, null, fixedClock))

        test("$kind: an old table with many tombstones is rewritten alone in its level") {
            val t = table(5, 1000, entries = 100, pointTombstones = 15, rangeTombstones = 10, created = now - 2 * hour,
                writeTime = now - 2 * hour)
            val level = if (kind == CompactionStrategy.Kind.LEVELED) 2 else 0
            val levels = Array(level + 1) { emptyList<dev.cairn.lsm.internal.manifest.FileMetadata>() }
            levels[level] = listOf(t)
            val v = TestVersions.of(*levels)
            val p = picker()
            (p.pendingBytes(v) > 0) shouldBe true
            val c = p.pick(v, emptySet(), now).shouldNotBeNull()
            numbers(c) shouldBe listOf(5L)
            c.inputLevels() shouldBe listOf(level)
            c.outputLevel() shouldBe level
            c.reason() shouldBe "tombstones"
            // A rewrite that dropped nothing yields a table of the same shape: it is not chosen again soon.
            val same = table(6, 1000, seq = 500L..599L, entries = 100, pointTombstones = 15, rangeTombstones = 10, created = now - 2 * hour,
                writeTime = now - 2 * hour)
            levels[level] = listOf(same)
            p.pick(TestVersions.of(*levels), emptySet(), now).shouldBeNull()
            p.pendingBytes(TestVersions.of(*levels)) shouldBe 0L
        }

        test("$kind: a young table or a low ratio is left alone") {
            val young = table(5, 1000, entries = 100, pointTombstones = 50, created = now - 10, writeTime = now - 10)
            val few = table(6, 1000, entries = 100, pointTombstones = 19, created = now - 2 * hour, writeTime = now - 10)
            picker().pick(TestVersions.of(listOf(young)), emptySet(), now).shouldBeNull()
            picker().pick(TestVersions.of(listOf(few)), emptySet(), now).shouldBeNull()
        }
    }
})

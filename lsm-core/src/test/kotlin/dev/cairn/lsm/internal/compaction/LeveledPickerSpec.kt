// Given a table layout, the leveled picker chooses this job (or none): level 0 at its trigger,
// then the level with the highest size score, skipping busy inputs; grandparents are handed to
// the job for output splitting; write-stall thresholds follow the trigger.
package dev.cairn.lsm.internal.compaction

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.internal.compaction.PickerFixtures.fixedClock
import dev.cairn.lsm.internal.compaction.PickerFixtures.numbers
import dev.cairn.lsm.internal.compaction.PickerFixtures.table
import dev.cairn.lsm.internal.version.PickerMemory
import dev.cairn.lsm.internal.version.TestVersions
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe

class LeveledPickerSpec : FunSpec({
    val now = fixedClock.millis()
    val strategy = CompactionStrategy.builder(CompactionStrategy.Kind.LEVELED)
        .l0Trigger(4).baseLevelSize(10_000).levelMultiplier(10).targetFileSize(4096).build()
    fun picker() = RememberingPicker(LeveledPicker(strategy, null, fixedClock))

    test("level 0 at its trigger is merged with the level-1 tables it overlaps") {
        val l0 = (1L..4L).map { table(it, 100, "c", "k", seq = it * 100..it * 100 + 9) }
        val l1 = listOf(table(10, 1000, "a", "b", seq = 1L..9L), table(11, 1000, "d", "f", seq = 1L..9L),
            table(12, 1000, "j", "p", seq = 1L..9L))
        val l2 = listOf(table(20, 5000, "a", "e", seq = 0L..0L), table(21, 5000, "o", "q", seq = 0L..0L),
            table(22, 5000, "r", "z", seq = 0L..0L))
        val c = picker().pick(TestVersions.of(l0, l1, l2), emptySet(), now).shouldNotBeNull()
        numbers(c) shouldContainExactlyInAnyOrder listOf(1L, 2L, 3L, 4L, 11L, 12L)
        c.outputLevel() shouldBe 1
        c.targetFileSize() shouldBe 4096L
        c.grandparents().map { it.number() } shouldBe listOf(20L, 21L)
    }

    test("three level-0 tables and levels under target: nothing to do, nothing pending") {
        val v = TestVersions.of((1L..3L).map { table(it, 100) }, listOf(table(10, 9000)))
        picker().pick(v, emptySet(), now).shouldBeNull()
        picker().pendingBytes(v) shouldBe 0L
    }

    test("a level over its target sends one table, round-robin, into the next level") {
        val l1 = listOf(table(10, 6000, "a", "f"), table(11, 6000, "g", "m"))
        val l2 = listOf(table(20, 100, "a", "c"), table(21, 100, "h", "i"), table(22, 100, "x", "z"))
        val p = picker()
        val v = TestVersions.of(emptyList(), l1, l2)
        val first = p.pick(v, emptySet(), now).shouldNotBeNull()
        numbers(first) shouldBe listOf(10L, 20L)
        first.outputLevel() shouldBe 2
        numbers(p.pick(v, emptySet(), now)) shouldBe listOf(11L, 21L)
        (p.pendingBytes(v) > 0) shouldBe true
    }

    test("the round-robin position lives in the memory a picker is handed, not in the picker") {
        val l1 = listOf(table(10, 6000, "a", "f"), table(11, 6000, "g", "m"))
        val l2 = listOf(table(20, 100, "a", "c"), table(21, 100, "h", "i"), table(22, 100, "x", "z"))
        val v = TestVersions.of(emptyList(), l1, l2)
        val memory = PickerMemory()
        numbers(RememberingPicker(LeveledPicker(strategy, null, fixedClock), memory).pick(v, emptySet(), now)) shouldBe
            listOf(10L, 20L)
        // A fresh picker with the same memory goes on where the first stopped; one without starts over.
        numbers(RememberingPicker(LeveledPicker(strategy, null, fixedClock), memory).pick(v, emptySet(), now)) shouldBe
            listOf(11L, 21L)
        numbers(picker().pick(v, emptySet(), now)) shouldBe listOf(10L, 20L)
    }

    test("busy inputs make the picker try the next table, then the next level") {
        val l0 = (1L..8L).map { table(it, 100, "a", "z") }
        val l1 = listOf(table(10, 6000, "a", "f", seq = 1L..9L), table(11, 6000, "g", "m", seq = 1L..9L))
        val v = TestVersions.of(l0, l1, emptyList())
        // Level 0 scores 2.0 but one of its tables is busy: level 1 (score 1.2) goes instead.
        numbers(picker().pick(v, setOf(3L), now)) shouldBe listOf(10L)
        numbers(picker().pick(v, setOf(3L, 10L), now)) shouldBe listOf(11L)
        picker().pick(v, setOf(3L, 10L, 11L), now).shouldBeNull()
    }

    test("writers slow down at 5 x l0Trigger level-0 tables and stop at 9 x") {
        picker().slowdownTables() shouldBe 20
        picker().stopTables() shouldBe 36
    }

    test("a store that was size-tiered converges: all of level 0 goes to level 1") {
        val l0 = (1L..12L).map { table(it, 100_000, "a", "z") }
        val c = picker().pick(TestVersions.of(l0), emptySet(), now).shouldNotBeNull()
        numbers(c) shouldContainExactlyInAnyOrder (1L..12L).toList()
        c.outputLevel() shouldBe 1
    }

    test("manual compaction takes every table meeting the range into the deepest level") {
        val v = TestVersions.of(listOf(table(1, 10, "a", "c")), listOf(table(10, 10, "b", "d")),
            emptyList(), listOf(table(30, 10, "a", "z")))
        val c = picker().manual(v, "a".toByteArray(), "a".toByteArray()).shouldNotBeNull()
        numbers(c) shouldContainExactlyInAnyOrder listOf(1L, 10L, 30L)
        c.outputLevel() shouldBe 3
    }

    test("a table reads kept looking past is merged into the level below once no level is over target") {
        val l1 = listOf(table(10, 1000, "a", "f"), table(11, 1000, "g", "m"))
        val l2 = listOf(table(20, 100, "a", "c"), table(21, 100, "h", "i"), table(22, 100, "x", "z"))
        val v = TestVersions.of(emptyList(), l1, l2)
        val p = picker()
        p.pick(v, emptySet(), now).shouldBeNull()
        repeat(99) { v.seeks().charge(1, 1) }
        v.seeks().charge(1, 0) shouldBe false
        v.seeks().candidate().shouldBeNull()
        p.pick(v, emptySet(), now).shouldBeNull()
        v.seeks().charge(1, 1) shouldBe true
        val c = p.pick(v, emptySet(), now).shouldNotBeNull()
        numbers(c) shouldBe listOf(11L, 21L)
        c.outputLevel() shouldBe 2
        c.reason() shouldBe "seek compaction"
        p.pendingBytes(v) shouldBe 1100L
        p.pick(v, setOf(21L), now).shouldBeNull()
    }

    test("a level-0 seek candidate takes every level-0 table it meets and the level-1 tables under them") {
        val l0 = listOf(table(3, 100, "c", "e", seq = 300L..309L), table(2, 100, "d", "k", seq = 200L..209L),
            table(1, 100, "x", "z", seq = 100L..109L))
        val l1 = listOf(table(10, 1000, "a", "f", seq = 1L..9L), table(11, 1000, "y", "z", seq = 1L..9L))
        val v = TestVersions.of(l0, l1)
        repeat(100) { v.seeks().charge(0, 0) }
        numbers(picker().pick(v, emptySet(), now)) shouldContainExactlyInAnyOrder listOf(3L, 2L, 10L)
    }

    test("a version starts with fresh allowances: at least 100 reads, else one per 16 KiB of table; every 64th charge and the last ask for work") {
        val big = table(1, 1024L * 16 * 1024, "a", "z")
        val v = TestVersions.of(listOf(big))
        val asks = (1..1023).count { v.seeks().charge(0, 0) }
        asks shouldBe 1023 / 64
        v.seeks().candidate().shouldBeNull()
        v.seeks().charge(0, 0) shouldBe true
        v.seeks().candidate().shouldNotBeNull().table() shouldBe big
        TestVersions.of(listOf(big)).seeks().candidate().shouldBeNull()
    }

    test("a batch of charges asks for work exactly when one of its single charges would have") {
        val big = table(1, 1024L * 16 * 1024, "a", "z")
        for (batch in 1..9) {
            val batched = TestVersions.of(listOf(big))
            val single = TestVersions.of(listOf(big))
            repeat(1100 / batch) { call ->
                val singles = (1..batch).map { single.seeks().charge(0, 0) }
                withClue("batch $batch, call $call") { batched.seeks().charge(0, 0, batch) shouldBe singles.any { it } }
            }
            (batched.seeks().candidate() == null) shouldBe (single.seeks().candidate() == null)
        }
    }

    test("what is left of a table's seek allowance carries over to the next version, and a spent one stays the candidate") {
        val a = table(1, 100, "a", "f")
        val b = table(2, 100, "g", "m")
        val first = TestVersions.of(emptyList(), listOf(a, b))
        repeat(60) { first.seeks().charge(1, 0) }
        val second = TestVersions.next(first, listOf(table(3, 100, "x", "z")), listOf(a, b))
        second.seeks().candidate().shouldBeNull()
        repeat(39) { second.seeks().charge(1, 0) }
        second.seeks().candidate().shouldBeNull()
        second.seeks().charge(1, 0) shouldBe true
        val third = TestVersions.next(second, emptyList(), listOf(a, b))
        third.seeks().candidate().shouldNotBeNull().table() shouldBe a
        numbers(picker().pick(third, emptySet(), now)) shouldBe listOf(1L)
    }
})

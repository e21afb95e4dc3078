package dev.cairn.lsm.internal.version

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class CommitTimesSpec : FunSpec({
    test("an instant maps to the newest sequence committed by then, a sequence to its commit time") {
        val t = CommitTimes()
        t.start(10, 1000)
        t.record(12, 1000) // same millisecond as the start: a pair of its own
        t.record(15, 1003)
        t.record(16, 1003)
        t.record(20, 1010)
        t.firstTime() shouldBe 1000
        t.sequenceAt(999) shouldBe -1
        t.sequenceAt(1000) shouldBe 12
        t.sequenceAt(1002) shouldBe 12
        t.sequenceAt(1003) shouldBe 16
        t.sequenceAt(5000) shouldBe 20
        t.timeOf(10) shouldBe -1 // at or before the start: committed by then, exactly when unknown
        t.timeOf(11) shouldBe 1000
        t.timeOf(13) shouldBe 1003
        t.timeOf(16) shouldBe 1003
        t.timeOf(17) shouldBe 1010
        t.timeOf(21) shouldBe -1
        t.base(900) shouldBe 10 // the window reaches before the map: history starts at the start pair
        t.base(1003) shouldBe 12
        t.base(1004) shouldBe 16
    }

    test("a commit time before the last is taken as the last; an old sequence is ignored") {
        val t = CommitTimes()
        t.record(5, 2000)
        t.record(6, 1500)
        t.record(4, 3000)
        t.pairsAfter(-1).toList() shouldBe listOf(2000L, 6L)
    }

    test("pruning keeps the last pair before the window's edge; pairs survive a round trip") {
        val t = CommitTimes()
        for (i in 1..5000) t.record(i * 2L, i * 10L)
        t.prune(25_005)
        t.firstTime() shouldBe 25_000
        t.base(25_005) shouldBe 5000
        t.sequenceAt(30_000) shouldBe 6000
        val copy = CommitTimes()
        copy.recordAll(t.pairsAfter(-1))
        copy.pairsAfter(-1).toList() shouldBe t.pairsAfter(-1).toList()
        t.pairsAfter(9_990).toList() shouldBe listOf(49_960L, 9_992L, 49_970L, 9_994L, 49_980L, 9_996L, 49_990L, 9_998L, 50_000L, 10_000L)
        t.clear()
        t.lastSequence() shouldBe -1
        t.firstTime() shouldBe Long.MAX_VALUE
    }

    test("a copy's pairs end at its sequence: inside a pair it takes that pair's time, past the map the copy's") {
        val t = CommitTimes()
        t.start(10, 1000)
        t.record(15, 1003)
        t.record(20, 1010)
        t.pairsUpTo(20, 9999).toList() shouldBe listOf(1000L, 10L, 1003L, 15L, 1010L, 20L)
        t.pairsUpTo(17, 9999).toList() shouldBe listOf(1000L, 10L, 1003L, 15L, 1010L, 17L)
        t.pairsUpTo(15, 9999).toList() shouldBe listOf(1000L, 10L, 1003L, 15L)
        // a commit not recorded yet: everything up to the copy's sequence committed by its time
        t.pairsUpTo(22, 1200).toList() shouldBe listOf(1000L, 10L, 1003L, 15L, 1010L, 20L, 1200L, 22L)
        t.pairsUpTo(22, 5).toList() shouldBe listOf(1000L, 10L, 1003L, 15L, 1010L, 20L, 1010L, 22L)
        t.pairsUpTo(4, 9999).toList() shouldBe listOf(1000L, 4L)
        CommitTimes().pairsUpTo(7, 9999).size shouldBe 0
    }
})

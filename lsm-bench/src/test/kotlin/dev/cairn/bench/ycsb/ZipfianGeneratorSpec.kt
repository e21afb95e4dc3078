// The YCSB draws: the zipfian generator's shape and range, the scramble's range, the mixes'
// proportions and the "latest" distribution's preference for new records. Seeded; the bounds
// are loose enough that the seeded draws sit far inside them.
package dev.cairn.bench.ycsb

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.SplittableRandom

class ZipfianGeneratorSpec : FunSpec({
    val seed = 2512L

    test("zipfian draws stay in range and item 0 is drawn most, then item 1, with the theta 0.99 shares") {
        val z = ZipfianGenerator(10_000, ZipfianGenerator.YCSB_THETA)
        val random = SplittableRandom(seed)
        val counts = IntArray(10_000)
        repeat(200_000) {
            val item = z.next(random)
            item shouldBeGreaterThanOrEqual 0L
            item shouldBeLessThan 10_000L
            counts[item.toInt()]++
        }
        withClue("seed $seed, counts of items 0..3: ${counts.take(4)}") {
            counts[0] shouldBeGreaterThan counts[1]
            counts[1] shouldBeGreaterThan counts[2]
            // P(0) = 1 / zeta(10000, 0.99), about 0.0988
            (counts[0] / 200_000.0) shouldBe (1 / ZipfianGenerator.zeta(10_000, 0.99) plusOrMinus 0.01)
        }
    }

    test("a scrambled rank lands in range and the hot ranks land apart") {
        for (rank in 0L until 1000L) {
            val s = ZipfianGenerator.scramble(rank, 777)
            s shouldBeGreaterThanOrEqual 0L
            s shouldBeLessThan 777L
        }
        (ZipfianGenerator.scramble(0, 1_000_000) == ZipfianGenerator.scramble(1, 1_000_000)) shouldBe false
    }

    test("a mix draws its operations in its proportions") {
        val random = SplittableRandom(seed)
        val counts = YcsbOp.values().associateWith { 0 }.toMutableMap()
        repeat(100_000) { counts.merge(YcsbMix.E.pick(random.nextDouble()), 1, Int::plus) }
        withClue("seed $seed, $counts") {
            counts[YcsbOp.SCAN]!! / 100_000.0 shouldBe (0.95 plusOrMinus 0.01)
            counts[YcsbOp.INSERT]!! / 100_000.0 shouldBe (0.05 plusOrMinus 0.01)
            counts[YcsbOp.READ] shouldBe 0
        }
    }

    test("the latest distribution prefers the newest inserts") {
        val phase = YcsbPhase(YcsbMix.D, 1000, 1000, 5000, 0)
        val worker = YcsbWorker(phase, seed)
        repeat(50) { worker.inserted(worker.claimInsert()) }
        val newest = String(dev.cairn.bench.run.KeySpace.key(5049))
        val hits = (1..10_000).count { String(worker.chooseKey()) == newest }
        withClue("seed $seed: the newest insert was picked $hits times in 10000") { hits shouldBeGreaterThan 500 }
    }

    test("a read-modify-write changes exactly one 100-byte field of the record") {
        val values = dev.cairn.bench.run.ValuePool(YcsbWorker.RECORD_SIZE, seed)
        val worker = YcsbWorker(YcsbPhase(YcsbMix.F, 10, 10, 10, 0), seed)
        val old = worker.record(values)
        val changed = worker.withOneFieldChanged(old, values)
        val differing = (0 until YcsbWorker.FIELDS).count { f ->
            !old.copyOfRange(f * 100, f * 100 + 100).contentEquals(changed.copyOfRange(f * 100, f * 100 + 100))
        }
        differing shouldBe 1
    }

    test("bad parameters are refused with what was wrong") {
        shouldThrow<IllegalArgumentException> { ZipfianGenerator(0, 0.99) }.message shouldContain "at least 1 item"
        shouldThrow<IllegalArgumentException> { ZipfianGenerator(10, 1.0) }.message shouldContain "theta"
        shouldThrow<IllegalArgumentException> { YcsbMix(0.5, 0.6, 0.0, 0.0, 0.0, YcsbMix.Distribution.UNIFORM) }
            .message shouldContain "sum to 1"
        shouldThrow<IllegalArgumentException> { YcsbPhase(YcsbMix.D, 100, 10, 50, 0) }.message shouldContain
            "inserts must start after the loaded records"
    }
})

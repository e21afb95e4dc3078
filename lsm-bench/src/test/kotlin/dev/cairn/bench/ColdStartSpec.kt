// The cold-start workload's parts, in-process and tiny: the warm-up curve read off progress
// marks, a fill then a cold run on Cairn writing its figures, the table picking each store's
// fastest round, and the options refusing bad input. No timing assertions.
package dev.cairn.bench

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class ColdStartSpec : FunSpec({

    test("warm-up is the time to the first chunk at 90 % of the median of the last third") {
        // chunks of 1000 ops taking 10, 5, 2, 1.1, 1, 1, 1, 1, 1 ms: steady 1000 k ops/s, and the
        // fourth chunk (909 k ops/s) is the first at 90 % of it, ending 18.1 ms after the start
        val durations = longArrayOf(10_000_000, 5_000_000, 2_000_000, 1_100_000, 1_000_000, 1_000_000, 1_000_000,
            1_000_000, 1_000_000)
        var t = 1_000L
        val marks = LongArray(12)
        durations.forEachIndexed { i, d -> t += d; marks[i] = t }
        val curve = WarmUpCurve.of(1_000L, marks, 1000)
        curve.steadyOpsPerSec() shouldBe (1_000_000.0 plusOrMinus 1.0)
        curve.warmUpMillis() shouldBe (18.1 plusOrMinus 1e-9)
        curve.chunkOpsPerSec().size shouldBe 9
        shouldThrow<IllegalArgumentException> { WarmUpCurve.of(0, LongArray(3), 1000) }.message shouldContain
            "no progress marks"
    }

    test("a fill and then a cold run on cairn write open, operation and warm-up figures") {
        val root = Files.createTempDirectory("lsm-coldstart-spec")
        val result = root.resolve("result.tsv")
        try {
            val common = arrayOf("--store", "cairn", "--dir", root.resolve("cairn").toString(), "--num", "2000",
                "--ops", "4000", "--mark-every", "500", "--seed", "7")
            ColdStartRun.run(ColdStartArgs.parse(arrayOf("--child", "fill", *common)), System.nanoTime())
            ColdStartRun.run(ColdStartArgs.parse(arrayOf("--child", "run", "--result-file", result.toString(), *common)),
                System.nanoTime())
            val row = Fields.decode(Files.readAllLines(result).single())
            row["ops"] shouldBe "4000"
            // half the operations are gets of filled keys: all of them find their key
            row["found"]!!.toLong().toDouble() shouldBe (2000.0 plusOrMinus 200.0)
            row["open_ms"]!!.toDouble() shouldBeGreaterThan 0.0
            row["steady_ops_per_sec"]!!.toDouble() shouldBeGreaterThan 0.0
            row["chunk_kops"]!!.split(" ").size shouldBe 8
            val table = ColdStartBench.markdown(listOf(row + mapOf("jvm" to "default", "process_ms" to "900.0"),
                row + mapOf("jvm" to "default", "process_ms" to "700.0")))
            table shouldContain "| cairn | default | 700 |"
        } finally {
            Directories.delete(root)
        }
    }

    test("options are checked: --ops below one chunk and unknown stores are refused") {
        shouldThrow<IllegalArgumentException> { ColdStartArgs.parse(arrayOf("--ops", "100")) }.message shouldContain
            "--ops (100) must be at least --mark-every (10000)"
        shouldThrow<IllegalArgumentException> { ColdStartArgs.parse(arrayOf("--stores", "cairn,redis")) }.message shouldContain
            "unknown store 'redis'"
    }
})

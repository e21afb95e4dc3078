// A tiny check that the desktop workload runs end to end in-process on all three stores (cairn,
// cairn-kotlin, datastore: 50 notes, one round, no warm-up), that every step of every store
// produced a time and a ratio against DataStore, that the stores' directories are deleted, and
// that bad options are refused naming the option. No timing assertions: numbers only exist.
package dev.cairn.bench.desktop

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files

class DesktopBenchSmokeSpec : FunSpec({

    test("the desktop workload times every step of cairn, cairn-kotlin and datastore, each round checking what it read") {
        val dir = Files.createTempDirectory("desktop-smoke")
        val out = ByteArrayOutputStream()
        val args = DesktopArgs.parse(arrayOf("--notes", "50", "--rounds", "1", "--warmup", "0", "--dir", dir.toString()))
        val best = DesktopBench.run(args, PrintStream(out, true))
        val text = out.toString()
        text shouldNotContain "failed"
        text shouldNotContain "unsupported"
        best.keys.toList() shouldBe listOf("cairn", "cairn-kotlin", "datastore")
        for ((store, times) in best) {
            times.shouldNotBeNull()
            times.size shouldBe DesktopBench.STEPS.size
            for (t in times) {
                if (t <= 0 || t == Long.MAX_VALUE) error("$store: a step has no time: ${times.toList()}")
            }
        }
        val rows = text.lines().filter { line -> DesktopBench.STEPS.any { line.startsWith("| $it |") } }
        rows shouldHaveSize DesktopBench.STEPS.size
        for (row in rows) {
            val cells = row.split("|").map { it.trim() }.filter { it.isNotEmpty() }
            cells shouldHaveSize 6 // step, three times, two ratios
            cells.drop(1).take(3).forEach { it.toDouble() }
            cells.drop(4).forEach { it shouldContain "×" }
        }
        Files.list(dir).use { it.count() } shouldBe 0L // every store's directory was deleted
        Files.delete(dir)
    }

    test("bad options are refused naming the option") {
        shouldThrow<IllegalArgumentException> { DesktopArgs.parse(arrayOf("--notes", "0")) }.message shouldContain "--notes"
        shouldThrow<IllegalArgumentException> { DesktopArgs.parse(arrayOf("--rounds", "x")) }.message shouldContain "--rounds"
        shouldThrow<IllegalArgumentException> { DesktopArgs.parse(arrayOf("--stores", "cairn,lmdb")) }.message shouldContain "--stores"
        shouldThrow<IllegalArgumentException> { DesktopArgs.parse(arrayOf("--frobnicate", "1")) }.message shouldContain "unknown option"
    }
})

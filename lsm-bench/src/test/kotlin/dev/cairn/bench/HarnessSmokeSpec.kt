// A tiny, fast check that the harness runs every workload end to end (in-process, no fork)
// and that its command line refuses bad input clearly. No timing assertions: numbers are
// only checked to exist.
package dev.cairn.bench

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class HarnessSmokeSpec : FunSpec({

    // Stores that must run every workload at --num 2000: Cairn (plain and encrypted), and one pure-Java peer as a
    // check on the harness itself.
    val stores = listOf("cairn", "cairn-encrypted", "mvstore")

    for (store in stores) {
        test("every workload produces numbers on $store at --num 2000") {
            val root = Files.createTempDirectory("lsm-bench-smoke")
            val resultFile = root.resolve("results.tsv")
            try {
                val args = BenchArgs.parse(arrayOf(
                    "--num", "2000", "--sync-ops", "64", "--sync-threads", "4", "--threads", "2",
                    "--dir", root.toString(), "--child", store, "--result-file", resultFile.toString()))
                StoreProcess.run(args)
                val results = Files.readAllLines(resultFile).map { Fields.decode(it) }
                    .filter { it["kind"] == "result" }.map { PhaseResult.fromFields(it) }
                results.map { it.workload() } shouldContainExactly Workload.all().map { it.id() }
                for (r in results) {
                    withClue("${r.workload()} on $store") {
                        if (r.workload() == "mergerandom" && store == "mvstore") {
                            r.error().shouldNotBeNull() shouldContain "unsupported" // MVStore has no merge operators
                        } else {
                            r.error().shouldBeNull()
                            r.opsPerSec().shouldNotBeNull() shouldBeGreaterThan 0.0
                            r.threads() shouldBe 2
                            if (r.workload() != Workload.REOPEN.id()) {
                                r.allocBytesPerOp() shouldBeGreaterThan 0.0
                            }
                        }
                    }
                }
            } finally {
                Directories.delete(root)
            }
        }
    }

    test("--threads takes a list and each run sees one count of it") {
        val args = BenchArgs.parse(arrayOf("--threads", "1,2,4", "--num", "500", "--keep"))
        args.threadCounts shouldContainExactly listOf(1, 2, 4)
        args.threads shouldBe 1
        val two = args.atThreads(2)
        two.threads shouldBe 2
        two.threadCounts shouldContainExactly listOf(2)
        two.num shouldBe 500L
        two.keep shouldBe true
        two.forwarded() shouldContainExactly listOf("--num", "500", "--keep", "--threads", "2")
        shouldThrow<IllegalArgumentException> { BenchArgs.parse(arrayOf("--threads", "2,0")) }.message shouldContain
            "--threads must be positive, was 0"
    }

    test("--compaction, --ttl and --advice reach a Cairn store, which prints its amplification and advice") {
        val root = Files.createTempDirectory("lsm-bench-advice")
        val resultFile = root.resolve("results.tsv")
        val out = java.io.ByteArrayOutputStream()
        val stdout = System.out
        try {
            val args = BenchArgs.parse(arrayOf("--num", "2000", "--warmup", "0", "--workloads", "fillseq",
                "--compaction", "time-window:PT10M", "--ttl", "PT1H", "--advice",
                "--dir", root.toString(), "--child", "cairn", "--result-file", resultFile.toString()))
            args.compaction.window() shouldBe java.time.Duration.ofMinutes(10)
            System.setOut(java.io.PrintStream(out, true))
            StoreProcess.run(args)
        } finally {
            System.setOut(stdout)
            Directories.delete(root)
        }
        val printed = out.toString()
        printed shouldContain "[cairn] measured: write amp"
        printed shouldContain "compaction advice for family 'default'"
        printed shouldContain "current: timeWindow(PT10M)"
        printed shouldContain "ttl PT1H"
        shouldThrow<IllegalArgumentException> { BenchArgs.parse(arrayOf("--compaction", "tiered")) }.message shouldContain
            "leveled, size-tiered or time-window"
        shouldThrow<IllegalArgumentException> { BenchArgs.parse(arrayOf("--ttl", "an hour")) }.message shouldContain
            "--ttl must be a duration"
    }

    test("an unknown workload is refused with the list of valid ones") {
        val e = shouldThrow<IllegalArgumentException> { BenchArgs.parse(arrayOf("--workloads", "fillseq,readrnd")) }
        e.message shouldContain "readrnd"
        e.message shouldContain "readrandom"
    }

    test("a non-positive --num is refused with the value given") {
        val e = shouldThrow<IllegalArgumentException> { BenchArgs.parse(arrayOf("--num", "0")) }
        e.message shouldContain "--num must be positive, was 0"
    }
})

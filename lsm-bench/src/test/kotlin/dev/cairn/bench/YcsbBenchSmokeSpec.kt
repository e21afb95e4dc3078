// A tiny, fast check that the YCSB family (load, then A to F) runs end to end in-process on
// Cairn and on a pure-Java peer, and that `--workloads ycsb` names the whole family. No
// timing assertions: numbers are only checked to exist.
package dev.cairn.bench

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import java.nio.file.Files

class YcsbBenchSmokeSpec : FunSpec({

    test("--workloads ycsb names the load and workloads A to F, in order") {
        BenchArgs.parse(arrayOf("--workloads", "ycsb")).workloads.map { it.id() } shouldContainExactly
            listOf("ycsbload", "ycsba", "ycsbb", "ycsbc", "ycsbd", "ycsbe", "ycsbf")
    }

    for (store in listOf("cairn", "mvstore")) {
        test("YCSB A to F produce numbers on $store at --num 1000, with reads found") {
            val root = Files.createTempDirectory("lsm-bench-ycsb")
            val resultFile = root.resolve("results.tsv")
            try {
                // ycsbc alone first: the harness loads the records itself before it
                val args = BenchArgs.parse(arrayOf(
                    "--workloads", "ycsbc,ycsba,ycsbb,ycsbd,ycsbe,ycsbf", "--num", "1000", "--reads", "2000",
                    "--threads", "2", "--warmup", "200", "--dir", root.toString(), "--child", store,
                    "--result-file", resultFile.toString()))
                StoreProcess.run(args)
                val results = Files.readAllLines(resultFile).map { Fields.decode(it) }
                    .filter { it["kind"] == "result" }.map { PhaseResult.fromFields(it) }
                results.map { it.workload() } shouldContainExactly listOf("ycsbc", "ycsba", "ycsbb", "ycsbd", "ycsbe", "ycsbf")
                for (r in results) {
                    withClue("${r.workload()} on $store") {
                        r.error().shouldBeNull()
                        r.opsPerSec().shouldNotBeNull() shouldBeGreaterThan 0.0
                        // reads and scans find the loaded records
                        r.found() shouldBeGreaterThan 0L
                    }
                }
            } finally {
                Directories.delete(root)
            }
        }
    }
})

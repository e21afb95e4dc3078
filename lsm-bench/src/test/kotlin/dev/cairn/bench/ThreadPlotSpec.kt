// The thread curve's outputs: the SVG is well-formed XML with a line per store and panel, the
// table gives each count's figure and its ratio to the first count, and the plot lands beside
// the results file.
package dev.cairn.bench

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Path
import javax.xml.parsers.DocumentBuilderFactory

class ThreadPlotSpec : FunSpec({
    val args = BenchArgs.parse(arrayOf("--stores", "cairn,rocksdb", "--workloads", "readrandom,fillrandom", "--threads", "1,2,4"))

    fun result(store: String, workload: String, threads: Int, opsPerSec: Double?) = if (opsPerSec == null) {
        PhaseResult.failed(store, workload, 0, 0, "unsupported by $store", threads)
    } else {
        PhaseResult(store, workload, opsPerSec, 1.0, 2.0, 0, 1000, 1.0, threads, 0, 0, 0, null, threads, 32.0)
    }

    val best = listOf(
        result("cairn", "readrandom", 1, 400_000.0), result("cairn", "readrandom", 2, 600_000.0),
        result("cairn", "readrandom", 4, 640_000.0), result("rocksdb", "readrandom", 1, 300_000.0),
        result("rocksdb", "readrandom", 2, 580_000.0), result("rocksdb", "readrandom", 4, null),
        result("cairn", "fillrandom", 1, 200_000.0), result("cairn", "fillrandom", 2, 150_000.0),
        result("cairn", "fillrandom", 4, 120_000.0),
    )

    test("the SVG is well-formed, with a line per store in each workload's panel") {
        val svg = ThreadPlot.svg(best, args, "a <loaded> machine & more")
        val doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.byteInputStream())
        doc.documentElement.tagName shouldBe "svg"
        // readrandom: cairn and rocksdb; fillrandom: cairn only (rocksdb has no numbers there)
        doc.getElementsByTagName("polyline").length shouldBe 3
        doc.getElementsByTagName("circle").length shouldBe 8
        svg shouldContain "a &lt;loaded&gt; machine &amp; more"
    }

    test("the table gives every count's k ops/s and the scaling over the first count") {
        val table = ThreadCurve.table(best, args)
        table shouldContain "| readrandom | cairn | 400.0 | 600.0 (1.50×) | 640.0 (1.60×) |"
        table shouldContain "| readrandom | rocksdb | 300.0 | 580.0 (1.93×) | — |"
        table shouldContain "| fillrandom | cairn | 200.0 | 150.0 (0.75×) | 120.0 (0.60×) |"
    }

    test("the plot is written beside the results file") {
        BenchMain.plotPath(Path.of("out", "bench.json")) shouldBe Path.of("out", "bench-threads.svg")
        BenchMain.plotPath(Path.of("results")) shouldBe Path.of("results-threads.svg")
    }

    test("gridlines fall on 1, 2 or 5 times a power of ten") {
        ThreadPlot.niceStep(130_000.0) shouldBe 200_000.0
        ThreadPlot.niceStep(0.9) shouldBe 1.0
        ThreadPlot.niceStep(45.0) shouldBe 50.0
    }
})

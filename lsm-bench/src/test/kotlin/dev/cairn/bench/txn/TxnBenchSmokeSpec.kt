// A tiny check that the txn workload runs end to end in-process (cairn, and an unsupported store
// reported as such) and refuses bad options clearly. No timing assertions: numbers only exist.
package dev.cairn.bench.txn

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files

class TxnBenchSmokeSpec : FunSpec({

    test("the txn workload prints a row per contention, writer count and kind, and unsupported for stores without transactions") {
        val dir = Files.createTempDirectory("txn-smoke")
        val out = ByteArrayOutputStream()
        val saved = System.out
        System.setOut(PrintStream(out, true))
        try {
            TxnBench.main(arrayOf("--stores", "cairn,leveldb", "--num", "500", "--ops", "400", "--threads", "1,4",
                "--hot", "4", "--dir", dir.toString()))
        } finally {
            System.setOut(saved)
        }
        val lines = out.toString().lines()
        val cairn = lines.filter { it.startsWith("| cairn |") }
        cairn shouldHaveSize 8 // 2 contentions x 2 writer counts x (transaction, batch)
        for (row in cairn) {
            val cells = row.split("|").map { it.trim() }
            (cells[5].toDouble() > 0) shouldBe true // commits/s
            if (cells[4] == "batch") cells[6] shouldBe "0"
        }
        lines.single { it.startsWith("| leveldb |") } shouldContain "unsupported"
        Files.list(dir).use { it.count() } shouldBe 0L // every case's store was deleted
        Files.delete(dir)
    }

    test("bad options are refused naming the option") {
        shouldThrow<IllegalArgumentException> { TxnArgs.parse(arrayOf("--threads", "1,0")) }.message shouldContain "--threads"
        shouldThrow<IllegalArgumentException> { TxnArgs.parse(arrayOf("--hot", "1")) }.message shouldContain "--hot"
        shouldThrow<IllegalArgumentException> { TxnArgs.parse(arrayOf("--ops", "x")) }.message shouldContain "--ops"
        shouldThrow<IllegalArgumentException> { TxnArgs.parse(arrayOf("--frobnicate", "1")) }.message shouldContain "unknown option"
    }
})

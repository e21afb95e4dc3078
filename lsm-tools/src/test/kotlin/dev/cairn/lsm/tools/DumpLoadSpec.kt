// Specifies dump and load end to end: a large JSON Lines file loads and dumps back byte for
// byte; binary keys round-trip through hex and base64; CSV round-trips awkward text; a bad line
// stops the load with its line number after loading exactly the lines before it.
package dev.cairn.lsm.tools

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path
import java.util.Base64
import java.util.Random

class DumpLoadSpec : FunSpec({

    test("load of a large JSON Lines file and dump back round-trip byte for byte") {
        val lines = if (System.getenv("CAIRN_LONG") == "1") 1_000_000 else LINES_IN_CI
        withTempDir { tmp ->
            val file = tmp.resolve("in.jsonl")
            writeCanonicalDump(file, lines, seed = 22)
            val db = tmp.resolve("store").toString()
            val load = cairn("--db", db, "load", file.toString())
            load.code shouldBe ExitCode.OK
            load.err shouldBe "loaded $lines entries from $file\n"
            val out = tmp.resolve("out.jsonl")
            val dump = cairn("--db", db, "dump", "--out", out.toString())
            dump.code shouldBe ExitCode.OK
            dump.err shouldBe "dumped $lines entries to $out\n"
            sameBytes(file, out) shouldBe true
            // and the same bytes on stdout
            val toStdout = cairn("--db", db, "dump", "--quiet")
            toStdout.outBytes.contentEquals(Files.readAllBytes(file)) shouldBe true
        }
    }

    test("binary keys and values round-trip through --hex and --base64, and CSV round-trips awkward text") {
        withTempDir { tmp ->
            val random = Random(7)
            val entries = (0 until 500).associate { i ->
                val k = ByteArray(1 + random.nextInt(20)).also(random::nextBytes) + byteArrayOf(i.toByte(), (i shr 8).toByte())
                Base64.getEncoder().encodeToString(k) to ByteArray(random.nextInt(50)).also(random::nextBytes)
            }
            val b64 = tmp.resolve("b64.jsonl")
            Files.writeString(b64, entries.entries.joinToString("") { (k, v) ->
                "{\"key\": \"$k\", \"value\": \"${Base64.getEncoder().encodeToString(v)}\"}\n"
            })
            val db = tmp.resolve("store").toString()
            cairn("--db", db, "load", "--base64", b64.toString()).code shouldBe 0
            val hex = cairn("--db", db, "dump", "--hex", "--quiet")
            hex.code shouldBe 0
            val back = tmp.resolve("back.jsonl")
            Files.write(back, hex.outBytes)
            val db2 = tmp.resolve("store2").toString()
            cairn("--db", db2, "load", "--hex", back.toString()).code shouldBe 0
            cairn("--db", db2, "dump", "--base64", "--quiet").outBytes.contentEquals(
                cairn("--db", db, "dump", "--base64", "--quiet").outBytes) shouldBe true
            cairn("--db", db2, "scan", "--json", "--base64").json().asJsonArray.size() shouldBe entries.size

            val texts = listOf("plain", "with,comma", "with \"quotes\"", "two\nlines", " padded ", "", "crlf\r\nend", "日本語")
            val db3 = tmp.resolve("store3").toString()
            texts.forEachIndexed { i, t -> cairn("--db", db3, "put", "k$i", t).code shouldBe 0 }
            val csv = tmp.resolve("d.csv")
            cairn("--db", db3, "dump", "--format", "csv", "--out", csv.toString()).code shouldBe 0
            val db4 = tmp.resolve("store4").toString()
            cairn("--db", db4, "load", "--format", "csv", csv.toString()).code shouldBe 0
            texts.forEachIndexed { i, t -> cairn("--db", db4, "get", "k$i").out shouldBe "$t\n" }
        }
    }

    test("a line that is not JSON stops the load: its line number, and exactly the lines before it loaded") {
        withTempDir { tmp ->
            val file = tmp.resolve("bad.jsonl")
            val good = (1..4).map { "{\"key\": \"k$it\", \"value\": \"v$it\"}" }
            Files.writeString(file, (good + "{\"key\": \"k5\", value: 1}" + "{\"key\": \"k6\", \"value\": \"v6\"}").joinToString("\n"))
            val db = tmp.resolve("store").toString()
            val r = cairn("--db", db, "load", "--batch", "3", file.toString())
            r.code shouldBe ExitCode.USAGE
            val line = r.oneLineError()
            line shouldContain "line 5"
            line shouldContain "not JSON"
            line shouldContain "the 4 entries before it (through line 4) were loaded"
            line shouldContain "nothing from line 5 on"
            cairn("--db", db, "scan", "--json", "--keys-only").json().asJsonArray.map { it.asJsonObject["key"].asString } shouldBe
                listOf("k1", "k2", "k3", "k4")
        }
    }

    test("a line without a key or value field, a non-string value, or bad hex names the line") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            for ((content, says) in listOf(
                "{\"key\": \"a\"}" to "lacks the field \"value\"",
                "{\"value\": \"b\"}" to "lacks the field \"key\"",
                "{\"key\": \"a\", \"value\": 3}" to "\"value\" is not a string",
                "[1, 2]" to "not a JSON object",
                "{\"key\": \"a\", \"value\": \"b\"} {}" to "more than one JSON value",
            )) {
                val f = tmp.resolve("f.jsonl")
                Files.writeString(f, "{\"key\": \"ok\", \"value\": \"fine\"}\n$content\n")
                val r = cairn("--db", db, "load", f.toString())
                r.code shouldBe ExitCode.USAGE
                r.oneLineError() shouldContain "line 2: $says"
            }
            val hex = tmp.resolve("h.jsonl")
            Files.writeString(hex, "{\"key\": \"0g\", \"value\": \"00\"}\n")
            cairn("--db", db, "load", "--hex", hex.toString()).oneLineError() shouldContain "line 1: bad hex"
        }
    }

    test("load - reads standard input; load of a missing file exits 4") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            val r = cairn("--db", db, "load", "-", stdin = "{\"key\": \"x\", \"value\": \"y\"}\n".toByteArray())
            r.code shouldBe 0
            r.err shouldBe "loaded 1 entry from stdin\n"
            cairn("--db", db, "get", "x").out shouldBe "y\n"
            val missing = cairn("--db", db, "load", tmp.resolve("nope.jsonl").toString())
            missing.code shouldBe ExitCode.NOT_FOUND
            missing.oneLineError() shouldContain "no file"
        }
    }
})

/** Lines in CI: 1 M took well over 20 s on a loaded two-core machine (CAIRN_LONG=1 runs 1 M). */
private const val LINES_IN_CI = 200_000

/**
 * Writes [lines] entries in key order exactly as dump spells them (Gson's escaping: \" \\ \n
 * escaped, other text as is), with values mixing ASCII, quotes, backslashes, newlines and
 * non-ASCII text.
 */
private fun writeCanonicalDump(file: Path, lines: Int, seed: Long) {
    val random = Random(seed)
    val pieces = listOf("a", "b", "c", "x", "y", "z", "0", "9", " ", "\\\"", "\\\\", "\\n", "é", "日本", "<&>", "=")
    Files.newBufferedWriter(file).use { w ->
        val sb = StringBuilder()
        for (i in 0 until lines) {
            sb.setLength(0)
            sb.append("{\"key\": \"key").append(String.format("%08d", i)).append("\", \"value\": \"")
            repeat(random.nextInt(40)) { sb.append(pieces[random.nextInt(pieces.size)]) }
            sb.append("\"}\n")
            w.write(sb.toString())
        }
    }
}

private fun sameBytes(a: Path, b: Path): Boolean = Files.mismatch(a, b) == -1L

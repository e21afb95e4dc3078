// Specifies the one-off access commands end to end on a real store: get, put, delete, scan, the
// encodings, --db before or after the command, and the exit code and single stderr line of every
// error class (bad input, missing store, absent key).
package dev.cairn.lsm.tools

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.nio.file.Files

class AccessCommandsSpec : FunSpec({

    test("put then get prints the value and a newline; --db is accepted before or after the command") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            cairn("--db", db, "put", "hello", "wörld").code shouldBe ExitCode.OK
            val r = cairn("get", "hello", "--db", db)
            r.code shouldBe ExitCode.OK
            r.out shouldBe "wörld\n"
            r.err shouldBe ""
        }
    }

    test("get of an absent key prints nothing and exits 4") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            cairn("--db", db, "put", "a", "1").code shouldBe ExitCode.OK
            val r = cairn("--db", db, "get", "b")
            r.code shouldBe ExitCode.NOT_FOUND
            r.out shouldBe ""
            r.err shouldBe ""
        }
    }

    test("delete removes a key, and --from --to removes a range") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            for (k in listOf("a", "b", "c", "d")) cairn("--db", db, "put", k, "v$k").code shouldBe 0
            cairn("--db", db, "delete", "a").code shouldBe 0
            cairn("--db", db, "delete", "--from", "b", "--to", "d").code shouldBe 0
            cairn("--db", db, "get", "a").code shouldBe ExitCode.NOT_FOUND
            cairn("--db", db, "get", "c").code shouldBe ExitCode.NOT_FOUND
            cairn("--db", db, "get", "d").out shouldBe "vd\n"
        }
    }

    test("scan honours --from, --to, --limit and --reverse, and --json parses back") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            for (i in 0 until 10) cairn("--db", db, "put", "k$i", "v$i").code shouldBe 0
            fun keys(vararg args: String): List<String> {
                val r = cairn("--db", db, "scan", "--json", *args)
                r.code shouldBe 0
                return r.json().asJsonArray.map { it.asJsonObject["key"].asString }
            }
            keys() shouldBe (0 until 10).map { "k$it" }
            keys("--from", "k3", "--to", "k6") shouldBe listOf("k3", "k4", "k5")
            keys("--from", "k3", "--to", "k6", "--reverse") shouldBe listOf("k5", "k4", "k3")
            keys("--reverse", "--limit", "2") shouldBe listOf("k9", "k8")
            keys("--from", "k7", "--limit", "2") shouldBe listOf("k7", "k8")
            val first = cairn("--db", db, "scan", "--json", "--limit", "1").json().asJsonArray[0].asJsonObject
            first["value"].asString shouldBe "v0"
            val table = cairn("--db", db, "scan", "--from", "k1", "--to", "k3")
            table.out.lines()[0] shouldStartWith "KEY"
            table.out shouldContain "k1   v1"
            table.err shouldBe "2 entries\n"
        }
    }

    test("keys and values in hex and base64 reach the store as bytes") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            cairn("--db", db, "put", "--hex", "00ff10", "cafe").code shouldBe 0
            cairn("--db", db, "get", "--base64", "AP8Q").out shouldBe "yv4=\n"
            cairn("--db", db, "get", "--hex", "00ff10", "--json").json().asJsonObject["value"].asString shouldBe "cafe"
            // a binary key shown to people is escaped, not mangled
            cairn("--db", db, "scan").out shouldContain "\\x00\\xff\\x10"
            // and refused where text must round-trip
            val strict = cairn("--db", db, "scan", "--json")
            strict.code shouldBe ExitCode.USAGE
            strict.oneLineError() shouldContain "use --hex or --base64"
        }
    }

    test("bad input is one stderr line and exit 1: bad hex, bad base64, reversed range, unknown option, both encodings") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            cairn("--db", db, "put", "a", "1").code shouldBe 0
            for ((args, says) in listOf(
                listOf("get", "--hex", "abc") to "odd number of digits",
                listOf("get", "--hex", "zz") to "not a hex digit",
                listOf("get", "--base64", "@@@") to "bad base64",
                listOf("scan", "--from", "z", "--to", "a") to "reversed range",
                listOf("scan", "--frm", "a") to "Unknown option",
                listOf("get", "--hex", "--base64", "00") to "exclude each other",
                listOf("delete", "--from", "b", "--to", "a") to "reversed range",
                listOf("frobnicate") to "Unmatched argument",
            )) {
                val r = cairn("--db", db, *args.toTypedArray())
                withClue(args) {
                    r.code shouldBe ExitCode.USAGE
                    r.oneLineError() shouldContain says
                }
            }
            val noDb = cairn("get", "a")
            noDb.code shouldBe ExitCode.USAGE
            noDb.oneLineError() shouldContain "missing --db"
        }
    }

    test("reading commands refuse a missing store with one line and exit 4; put creates it") {
        withTempDir { tmp ->
            val db = tmp.resolve("nothing-here").toString()
            for (cmd in listOf(listOf("get", "a"), listOf("scan"), listOf("dump"), listOf("manifest"),
                    listOf("verify"), listOf("stats"), listOf("delete", "a"), listOf("compact"))) {
                val r = cairn("--db", db, *cmd.toTypedArray())
                withClue(cmd) {
                    r.code shouldBe ExitCode.NOT_FOUND
                    r.oneLineError() shouldContain "no store at"
                }
            }
            Files.exists(tmp.resolve("nothing-here")) shouldBe false
            cairn("--db", db, "put", "a", "1").code shouldBe 0
            cairn("--db", db, "get", "a").out shouldBe "1\n"
        }
    }

    test("a writing command refuses a non-empty directory that is not a store") {
        withTempDir { tmp ->
            Files.writeString(tmp.resolve("notes.txt"), "mine")
            val r = cairn("--db", tmp.toString(), "put", "a", "1")
            r.code shouldBe ExitCode.USAGE
            r.oneLineError() shouldContain "not a Cairn store"
            Files.list(tmp).count() shouldBe 1L
        }
    }
})

private fun <T> withClue(clue: Any, block: () -> T): T = io.kotest.assertions.withClue(clue.toString(), block)

// Specifies --family on the commands that read and write keys: put and load create the family
// they name, get/scan/dump/delete/compact work inside it and leave other families alone, stats
// lists every family, and a family the store does not have is one line on stderr with exit 4.
package dev.cairn.lsm.tools

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class FamilyCommandsSpec : FunSpec({

    test("put --family creates the family; get, scan and delete work inside it and not in the default family") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            cairn("--db", db, "put", "k", "default-value").code shouldBe ExitCode.OK
            cairn("--db", db, "put", "--family", "events", "k", "event-value").code shouldBe ExitCode.OK
            cairn("--db", db, "put", "--family", "events", "k2", "second").code shouldBe ExitCode.OK
            cairn("--db", db, "get", "k").out shouldBe "default-value\n"
            cairn("--db", db, "get", "--family", "events", "k").out shouldBe "event-value\n"
            cairn("--db", db, "get", "k2").code shouldBe ExitCode.NOT_FOUND
            val scan = cairn("--db", db, "scan", "--json", "--family", "events")
            scan.code shouldBe ExitCode.OK
            scan.json().asJsonArray.map { it.asJsonObject["key"].asString } shouldBe listOf("k", "k2")
            cairn("--db", db, "delete", "--family", "events", "k").code shouldBe ExitCode.OK
            cairn("--db", db, "get", "--family", "events", "k").code shouldBe ExitCode.NOT_FOUND
            cairn("--db", db, "get", "k").out shouldBe "default-value\n"
        }
    }

    test("dump --family and load --family move one family's entries into another store's family") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            for (i in 0 until 5) cairn("--db", db, "put", "--family", "users", "u$i", "name$i").code shouldBe 0
            cairn("--db", db, "put", "other", "x").code shouldBe 0
            val file = tmp.resolve("users.jsonl")
            cairn("--db", db, "dump", "--family", "users", "--out", file.toString()).code shouldBe ExitCode.OK
            Files.readAllLines(file).size shouldBe 5
            val copy = tmp.resolve("copy").toString()
            cairn("--db", copy, "load", "--family", "people", file.toString()).code shouldBe ExitCode.OK
            cairn("--db", copy, "get", "--family", "people", "u3").out shouldBe "name3\n"
            cairn("--db", copy, "get", "u3").code shouldBe ExitCode.NOT_FOUND
            cairn("--db", copy, "compact", "--family", "people").code shouldBe ExitCode.OK
            cairn("--db", copy, "get", "--family", "people", "u4").out shouldBe "name4\n"
        }
    }

    test("stats lists every family with its tables, and --family shows one family's figures") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            cairn("--db", db, "put", "a", "1").code shouldBe 0
            cairn("--db", db, "put", "--family", "metrics", "m", "2").code shouldBe 0
            val all = cairn("--db", db, "stats")
            all.code shouldBe ExitCode.OK
            all.out shouldContain "column families      default ("
            all.out shouldContain "metrics ("
            val one = cairn("--db", db, "stats", "--json", "--family", "metrics").json().asJsonObject
            one["family"].asString shouldBe "metrics"
            one["families"].asJsonArray.size() shouldBe 2
        }
    }

    test("manifest names the families and labels each table with its family") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            val file = tmp.resolve("in.jsonl")
            Files.writeString(file, "{\"key\": \"a\", \"value\": \"1\"}\n")
            cairn("--db", db, "load", file.toString()).code shouldBe 0
            cairn("--db", db, "load", "--family", "events", file.toString()).code shouldBe 0
            val text = cairn("--db", db, "manifest")
            text.code shouldBe ExitCode.OK
            text.out shouldContain "families       default, events"
            text.out shouldContain "FAMILY"
            val json = cairn("--db", db, "manifest", "--json").json().asJsonObject
            json["tables"].asJsonArray.map { it.asJsonObject["family"].asString }.sorted() shouldBe listOf("default", "events")
        }
    }

    test("a family the store does not have is one line naming the store's families, exit 4, nothing written") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            cairn("--db", db, "put", "--family", "events", "k", "v").code shouldBe 0
            for (args in listOf(arrayOf("get", "k"), arrayOf("scan"), arrayOf("delete", "k"), arrayOf("stats"))) {
                val r = cairn("--db", db, *args, "--family", "nope")
                r.code shouldBe ExitCode.NOT_FOUND
                r.oneLineError() shouldContain "no column family 'nope'"
                r.err shouldContain "default, events"
            }
            cairn("--db", db, "stats", "--json").json().asJsonObject["families"].asJsonArray.size() shouldBe 2
        }
    }
})

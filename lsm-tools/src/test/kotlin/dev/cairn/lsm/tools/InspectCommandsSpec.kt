// Specifies the inspection and maintenance commands on real stores: manifest, sst, wal, verify,
// stats, compact and bench, their --json output parsed back, and damage found (exit 2) in a
// flipped table byte, a log damaged before intact records, and a table the manifest names but
// the directory lacks. Also: every command's --help, and the completion script.
package dev.cairn.lsm.tools

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.RandomAccessFile
import java.nio.file.Files
import java.nio.file.Path

/** A store with three flushed tables (keys k000..k299) and 50 writes still only in the log. */
private fun sampleStore(dir: Path): Path {
    LsmStore.open(dir, StoreOptions.defaults()).use { db ->
        for (t in 0 until 3) {
            for (i in 0 until 100) db.put("k%03d".format(t * 100 + i).toByteArray(), "value $i of table $t".toByteArray())
            db.flush()
        }
        for (i in 0 until 50) db.put("w%03d".format(i).toByteArray(), "in the log".toByteArray(), WriteOptions.sync())
    }
    return dir
}

private fun files(dir: Path, suffix: String): List<Path> =
    Files.list(dir).use { s -> s.filter { it.fileName.toString().endsWith(suffix) }.sorted().toList() }

private fun flipByte(file: Path, at: Long) {
    RandomAccessFile(file.toFile(), "rw").use { f ->
        f.seek(at)
        val b = f.read()
        f.seek(at)
        f.write(b xor 0x40)
    }
}

class InspectCommandsSpec : FunSpec({

    test("manifest lists every table by level with its key range, and --json parses back") {
        withTempDir { tmp ->
            val db = sampleStore(tmp.resolve("s")).toString()
            val m = cairn("--db", db, "manifest", "--json")
            m.code shouldBe 0
            val o = m.json().asJsonObject
            val tables = o["tables"].asJsonArray
            tables.size() shouldBe 3
            o["strategy"].asString shouldBe "LEVELED"
            tables.map { it.asJsonObject["entries"].asLong }.sum() shouldBe 300L
            tables.map { it.asJsonObject["smallest"].asJsonObject["userKey"].asString }.sorted() shouldBe listOf("k000", "k100", "k200")
            val text = cairn("--db", db, "manifest")
            text.out shouldContain "strategy       LEVELED"
            text.out shouldContain "k000 @"
            // a store not retaining versions records no commit times
            o["commitTimes"].asJsonObject["pairs"].asInt shouldBe 0
            text.out shouldContain "commit times   (none recorded)"
        }
    }

    test("manifest shows the commit-time map of a store retaining versions: pairs, first and last time and sequence") {
        withTempDir { tmp ->
            val dir = tmp.resolve("v")
            val clock = java.time.Clock.fixed(java.time.Instant.parse("2026-01-02T03:04:05Z"), java.time.ZoneOffset.UTC)
            val opts = StoreOptions.builder().retainVersions(java.time.Duration.ofDays(1)).clock(clock).build()
            LsmStore.open(dir, opts).use { db ->
                for (i in 1..3) {
                    db.put("k$i".toByteArray(), "v$i".toByteArray())
                    db.flush()
                }
            }
            val o = cairn("--db", dir.toString(), "manifest", "--json").json().asJsonObject["commitTimes"].asJsonObject
            o["pairs"].asInt shouldBeGreaterThan 0
            o["firstTime"].asLong shouldBe clock.millis()
            o["lastTime"].asLong shouldBe clock.millis()
            o["firstSequence"].asLong shouldBe 0L
            o["lastSequence"].asLong shouldBe 3L
            val text = cairn("--db", dir.toString(), "manifest").out
            text shouldContain "commit times   ${o["pairs"].asInt} pair"
            text shouldContain "2026-01-02T03:04:05Z .. 2026-01-02T03:04:05Z, sequences 0..3"
        }
    }

    test("sst shows a table's properties and blocks, and --verify passes on an intact table") {
        withTempDir { tmp ->
            val dir = sampleStore(tmp.resolve("s"))
            val table = files(dir, ".sst").first()
            val r = cairn("--db", dir.toString(), "sst", table.fileName.toString(), "--verify", "--json")
            r.code shouldBe 0
            val o = r.json().asJsonObject
            o["properties"].asJsonObject["entries"].asLong shouldBe 100L
            o["blocks"].asJsonArray.size() shouldBeGreaterThan 0
            o["blocks"].asJsonArray.sumOf { it.asJsonObject["entries"].asInt } shouldBe 100
            o["filter"].asJsonObject["kind"].asString shouldBe "blocked"
            o["problems"].asJsonArray.size() shouldBe 0
            val text = cairn("sst", table.toString(), "--verify", "--blocks")
            text.out shouldContain "entries        100 (0 deletes)"
            text.out shouldContain "verified       every block"
        }
    }

    test("sst --verify reads LZ4 blocks and lists a table's range tombstones") {
        withTempDir { tmp ->
            val dir = tmp.resolve("s")
            LsmStore.open(dir, StoreOptions.builder().compression(dev.cairn.lsm.Compression.LZ4).build()).use { db ->
                for (i in 0 until 2000) db.put("k%05d".format(i).toByteArray(), "the same words again and again $i".toByteArray())
                db.deleteRange("k00010".toByteArray(), "k00020".toByteArray())
                db.flush()
            }
            val r = cairn("sst", files(dir, ".sst").single().toString(), "--verify", "--json")
            r.code shouldBe 0
            val o = r.json().asJsonObject
            o["blocks"].asJsonArray.map { it.asJsonObject["compression"].asString }.toSet() shouldBe setOf("lz4")
            val t = o["rangeTombstones"].asJsonArray.single().asJsonObject
            t["start"].asString shouldBe "k00010"
            t["end"].asString shouldBe "k00020"
        }
    }

    test("a flipped byte in a table is found by sst --verify and verify (exit 2), and reading it is refused with one line") {
        withTempDir { tmp ->
            val dir = sampleStore(tmp.resolve("s"))
            val table = files(dir, ".sst").first()
            flipByte(table, 20)
            val sst = cairn("sst", table.toString(), "--verify")
            sst.code shouldBe ExitCode.CORRUPTION
            sst.out shouldContain "CORRUPT ${table.fileName} @0: "
            val v = cairn("--db", dir.toString(), "verify", "--json")
            v.code shouldBe ExitCode.CORRUPTION
            val problems = v.json().asJsonObject["problems"].asJsonArray
            problems.any { it.asJsonObject["file"].asString == table.fileName.toString() && it.asJsonObject["corruption"].asBoolean } shouldBe true
            val text = cairn("--db", dir.toString(), "verify")
            text.code shouldBe ExitCode.CORRUPTION
            text.out shouldContain "DAMAGED"
            val dump = cairn("--db", dir.toString(), "dump")
            dump.code shouldBe ExitCode.CORRUPTION
            dump.oneLineError() shouldContain "corruption: "
        }
    }

    test("verify passes an intact store, and finds a table the manifest names but the directory lacks") {
        withTempDir { tmp ->
            val dir = sampleStore(tmp.resolve("s"))
            val ok = cairn("--db", dir.toString(), "verify")
            ok.code shouldBe 0
            ok.out shouldContain "ok: "
            Files.delete(files(dir, ".sst").last())
            val r = cairn("--db", dir.toString(), "verify")
            r.code shouldBe ExitCode.CORRUPTION
            r.out shouldContain "named by the manifest but missing"
        }
    }

    test("wal lists a log's batches; a torn tail is a warning (exit 0), damage before intact records exit 2") {
        withTempDir { tmp ->
            val dir = sampleStore(tmp.resolve("s"))
            val log = files(dir, ".wal").single { Files.size(it) > 0 }
            val r = cairn("--db", dir.toString(), "wal", log.fileName.toString(), "--json")
            r.code shouldBe 0
            val o = r.json().asJsonObject
            o["records"].asJsonArray.size() shouldBe 50
            o["tornTailOffset"].asLong shouldBe -1L
            val end = o["lastValidOffset"].asLong
            // A torn tail: half a record's worth of garbage after the last record.
            RandomAccessFile(log.toFile(), "rw").use { f -> f.seek(end); f.write(byteArrayOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)) }
            val torn = cairn("wal", log.toString())
            torn.code shouldBe 0
            torn.out shouldContain "torn tail      from offset $end"
            torn.out shouldContain "warning "
            // Damage in the first record, with intact records after it.
            flipByte(log, 10)
            val bad = cairn("wal", log.toString(), "--records")
            bad.code shouldBe ExitCode.CORRUPTION
            bad.out shouldContain "CORRUPT "
        }
    }

    test("stats --json parses back with levels, amplification and the last sequence") {
        withTempDir { tmp ->
            val db = sampleStore(tmp.resolve("s")).toString()
            val r = cairn("--db", db, "stats", "--json")
            r.code shouldBe 0
            val o = r.json().asJsonObject
            o["lastSequence"].asLong shouldBe 350L
            o["tableCount"].asInt shouldBeGreaterThan 0
            o.has("spaceAmplification") shouldBe true
            o.has("blockCacheHitRate") shouldBe true
            cairn("--db", db, "stats").out shouldContain "last sequence        350"
        }
    }

    test("compact leaves every entry readable in fewer or as many tables") {
        withTempDir { tmp ->
            val db = sampleStore(tmp.resolve("s")).toString()
            val before = cairn("--db", db, "dump", "--quiet").out
            val r = cairn("--db", db, "compact")
            r.code shouldBe 0
            r.err shouldContain "compacted: "
            cairn("--db", db, "dump", "--quiet").out shouldBe before
            cairn("--db", db, "verify").code shouldBe 0
            cairn("--db", db, "compact", "--from", "k2", "--to", "k1").code shouldBe ExitCode.USAGE
        }
    }

    test("bench fills, reads and scans a scratch store and reports ops/s") {
        val r = cairn("bench", "--num", "3000", "--json")
        r.code shouldBe 0
        val rows = r.json().asJsonArray.map { it.asJsonObject }
        rows.map { it["workload"].asString } shouldBe listOf("fillrandom", "readrandom", "scan")
        rows.forEach { it["opsPerSecond"].asDouble.toLong() shouldBeGreaterThan 0L }
    }

    test("every command answers --help with exit 0, and generate-completion prints a bash script") {
        for (cmd in listOf("get", "put", "delete", "scan", "dump", "load", "manifest", "sst", "wal", "verify",
                "stats", "compact", "bench")) {
            val r = cairn(cmd, "--help")
            r.code shouldBe 0
            r.out shouldContain "Usage: cairn $cmd"
        }
        val c = cairn("generate-completion")
        c.code shouldBe 0
        c.out shouldContain "complete -F"
    }
})

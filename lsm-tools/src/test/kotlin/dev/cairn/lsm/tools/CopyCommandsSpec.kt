// Specifies the maintenance commands for copies end to end: checkpoint, backup, backups (list,
// verify, purge, delete) and restore, their exit codes, a damaged backup found (exit 2), and bad
// ids and targets refused (exit 1) before anything is written.
package dev.cairn.lsm.tools

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.RandomAccessFile
import java.nio.file.Files

class CopyCommandsSpec : FunSpec({

    test("checkpoint writes a store that opens on its own; a target inside the store is refused") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            cairn("--db", db, "put", "k", "v").code shouldBe 0
            val cp = cairn("--db", db, "checkpoint", tmp.resolve("cp").toString())
            cp.code shouldBe 0
            cp.err shouldContain "checkpoint at sequence 1"
            cairn("--db", tmp.resolve("cp").toString(), "get", "k").out shouldBe "v\n"
            val inside = cairn("--db", db, "checkpoint", tmp.resolve("store/sub").toString())
            inside.code shouldBe ExitCode.USAGE
            inside.oneLineError() shouldContain "inside the store directory"
        }
    }

    test("backup, backups, restore and purge; a damaged backup is reported (exit 2) and not restored") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            val bk = tmp.resolve("backups").toString()
            cairn("--db", db, "put", "a", "1").code shouldBe 0
            cairn("--db", db, "backup", "--to", bk, "--json").json().asJsonObject["id"].asLong shouldBe 1L
            cairn("--db", db, "put", "b", "2").code shouldBe 0
            cairn("--db", db, "backup", "--to", bk).out shouldContain "backup 2 at sequence 2"
            val list = cairn("backups", "--in", bk, "--json", "--verify")
            list.code shouldBe 0
            list.json().asJsonArray.map { it.asJsonObject["verified"].asString } shouldBe listOf("ok", "ok")
            cairn("restore", "--from", bk, "--id", "1", "--to", tmp.resolve("r1").toString()).code shouldBe 0
            cairn("--db", tmp.resolve("r1").toString(), "get", "b").code shouldBe ExitCode.NOT_FOUND
            cairn("restore", "--from", bk, "--to", tmp.resolve("r2").toString()).code shouldBe 0
            cairn("--db", tmp.resolve("r2").toString(), "get", "b").out shouldBe "2\n"
            cairn("restore", "--from", bk, "--id", "9", "--to", tmp.resolve("r9").toString()).code shouldBe ExitCode.NOT_FOUND
            cairn("backups", "--in", tmp.resolve("nothing").toString()).code shouldBe ExitCode.NOT_FOUND

            val shared = Files.list(tmp.resolve("backups/shared")).use { it.toList() }.first()
            RandomAccessFile(shared.toFile(), "rw").use { f -> f.seek(10); val b = f.read(); f.seek(10); f.write(b xor 1) }
            val verify = cairn("backups", "--in", bk, "--verify", "2")
            verify.code shouldBe ExitCode.CORRUPTION
            verify.out shouldContain "DAMAGED"
            val restore = cairn("restore", "--from", bk, "--id", "2", "--to", tmp.resolve("r3").toString())
            restore.code shouldBe ExitCode.CORRUPTION
            restore.oneLineError() shouldContain "nothing was restored"
            Files.exists(tmp.resolve("r3/CURRENT")) shouldBe false

            cairn("backups", "--in", bk, "--purge", "1").code shouldBe 0
            cairn("backups", "--in", bk, "--json").json().asJsonArray.map { it.asJsonObject["id"].asLong } shouldBe listOf(2L)
        }
    }

    test("bad input: negative backup ids, checkpoint and restore targets that are files, not empty or inside, refused with exit 1") {
        withTempDir { tmp ->
            val db = tmp.resolve("store").toString()
            val bk = tmp.resolve("backups").toString()
            cairn("--db", db, "put", "a", "1").code shouldBe 0
            cairn("--db", db, "backup", "--to", bk).code shouldBe 0
            Files.writeString(tmp.resolve("a-file"), "mine")
            Files.createDirectories(tmp.resolve("full"))
            Files.writeString(tmp.resolve("full/x"), "mine")

            for (args in listOf(
                listOf("restore", "--from", bk, "--id", "-1", "--to", tmp.resolve("r").toString()),
                listOf("restore", "--from", bk, "--id", "0", "--to", tmp.resolve("r").toString()),
                listOf("backups", "--in", bk, "--delete", "-2"),
                listOf("backups", "--in", bk, "--verify", "-3"),
            )) {
                val r = cairn(*args.toTypedArray())
                r.code shouldBe ExitCode.USAGE
                r.oneLineError() shouldContain "1 or more"
            }
            Files.exists(tmp.resolve("r")) shouldBe false
            cairn("backups", "--in", bk, "--json").json().asJsonArray.size() shouldBe 1

            for ((target, says) in listOf(
                tmp.resolve("a-file") to "is a file", tmp.resolve("full") to "not empty",
                tmp.resolve("backups/private/x") to "inside the backup directory",
            )) {
                val r = cairn("restore", "--from", bk, "--to", target.toString())
                r.code shouldBe ExitCode.USAGE
                r.oneLineError() shouldContain says
            }
            for ((target, says) in listOf(
                tmp.resolve("a-file") to "is a file", tmp.resolve("full") to "not empty",
                tmp.resolve("store/../store/sub") to "inside the store directory",
            )) {
                val r = cairn("--db", db, "checkpoint", target.toString())
                r.code shouldBe ExitCode.USAGE
                r.oneLineError() shouldContain says
            }
            Files.readString(tmp.resolve("a-file")) shouldBe "mine"
            Files.list(tmp.resolve("full")).use { it.toList() }.map { it.fileName.toString() } shouldBe listOf("x")
            Files.exists(tmp.resolve("backups/private/x")) shouldBe false
            Files.exists(tmp.resolve("store/sub")) shouldBe false
        }
    }
})

// Specifies --key-file: every command that opens a store or reads its files takes the key of an
// encrypted store (raw or hex), put creates an encrypted store with it, a missing, wrong or
// needless key is a one-line error naming the problem, a key file that holds no key is bad input
// refused before anything is opened, and no command writes a plaintext key or value to disk.
package dev.cairn.lsm.tools

import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteOptions
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files
import java.nio.file.Path

private val KEY = ByteArray(32) { (it * 13 + 1).toByte() }
private val OTHER = ByteArray(32) { (it * 5 + 2).toByte() }

/** An encrypted store with two flushed tables and writes still only in the log. */
private fun encryptedStore(dir: Path): Path {
    LsmStore.open(dir, StoreOptions.builder().encryption(Encryption.aesGcm(KEY)).build()).use { db ->
        for (t in 0 until 2) {
            for (i in 0 until 100) db.put("secret%03d".format(t * 100 + i).toByteArray(), "hidden value $i".toByteArray())
            db.flush()
        }
        for (i in 0 until 20) db.put("logged%03d".format(i).toByteArray(), "hidden in the log".toByteArray(), WriteOptions.sync())
    }
    return dir
}

private fun keyFile(dir: Path, name: String, bytes: ByteArray): String =
    dir.resolve(name).also { Files.write(it, bytes) }.toString()

/** The newest file of [dir] whose name ends with [suffix]. */
private fun storeFile(dir: Path, suffix: String): String =
    Files.list(dir).use { s -> s.filter { it.fileName.toString().endsWith(suffix) }.sorted().toList() }.last().toString()

/** Every file under [dir] whose bytes hold [needle]. */
private fun plaintextIn(dir: Path, needle: String): List<String> =
    Files.walk(dir).use { s ->
        s.filter { Files.isRegularFile(it) && String(Files.readAllBytes(it), Charsets.ISO_8859_1).contains(needle) }
            .map { dir.relativize(it).toString() }.toList()
    }

class EncryptedStoreCommandsSpec : FunSpec({

    test("every reading and inspecting command reads an encrypted store with --key-file, raw or hex") {
        withTempDir { tmp ->
            val db = encryptedStore(tmp.resolve("s")).toString()
            val raw = keyFile(tmp, "raw.key", KEY)
            val hex = keyFile(tmp, "hex.key", (KEY.joinToString("") { "%02x".format(it) } + "\n").toByteArray())
            for (key in listOf(raw, hex)) {
                withClue(key) {
                    cairn("--db", db, "--key-file", key, "get", "secret007").out shouldBe "hidden value 7\n"
                    cairn("--db", db, "get", "logged003", "--key-file", key).out shouldBe "hidden in the log\n"
                    cairn("--db", db, "--key-file", key, "scan", "--keys-only").out.lines().count { it.startsWith("secret") } shouldBe 200
                    cairn("--db", db, "--key-file", key, "dump").out.lines().count { it.isNotBlank() } shouldBe 220
                    cairn("--db", db, "--key-file", key, "stats").code shouldBe 0
                    val m = cairn("--db", db, "--key-file", key, "manifest", "--json")
                    m.code shouldBe 0
                    m.json().asJsonObject["tables"].asJsonArray.size() shouldBe 2
                    val sst = cairn("--db", db, "--key-file", key, "sst", storeFile(Path.of(db), ".sst"), "--verify", "--json")
                    withClue(sst) { sst.code shouldBe 0 }
                    sst.json().asJsonObject["properties"].asJsonObject["entries"].asLong shouldBe 100L
                    val wal = cairn("--db", db, "--key-file", key, "wal", storeFile(Path.of(db), ".wal"), "--json")
                    withClue(wal) { wal.code shouldBe 0 }
                    wal.json().asJsonObject["records"].asJsonArray.size() shouldBe 20
                    val verify = cairn("--db", db, "--key-file", key, "verify")
                    withClue(verify) { verify.code shouldBe 0 }
                    verify.out shouldContain "ok: "
                }
            }
        }
    }

    test("without the key, with another key, or with a key for a plain store, a command fails with one line saying so") {
        withTempDir { tmp ->
            val db = encryptedStore(tmp.resolve("s")).toString()
            val other = keyFile(tmp, "other.key", OTHER)
            for (args in listOf(listOf("get", "secret001"), listOf("verify"), listOf("manifest"),
                    listOf("sst", storeFile(Path.of(db), ".sst")), listOf("wal", storeFile(Path.of(db), ".wal")))) {
                withClue(args) {
                    val none = cairn("--db", db, *args.toTypedArray())
                    none.code shouldBe ExitCode.IO
                    none.oneLineError() shouldContain "encrypted"
                    if (args[0] == "get") none.oneLineError() shouldContain "open it with its key (give it with --key-file FILE)"
                    val wrong = cairn("--db", db, "--key-file", other, *args.toTypedArray())
                    wrong.code shouldBe ExitCode.IO
                    wrong.oneLineError() shouldContain "wrong encryption key"
                }
            }
            val plain = tmp.resolve("plain").toString()
            cairn("--db", plain, "put", "a", "1").code shouldBe 0
            val needless = cairn("--db", plain, "--key-file", other, "get", "a")
            needless.code shouldBe ExitCode.IO
            needless.oneLineError() shouldContain "is not encrypted, but it was opened with an encryption key"
        }
    }

    test("put and load create an encrypted store with --key-file, and nothing written holds a plaintext key or value") {
        withTempDir { tmp ->
            val key = keyFile(tmp, "k", KEY.copyOf(16))
            val db = tmp.resolve("new").toString()
            cairn("--db", db, "--key-file", key, "put", "PLAINKEY-1", "PLAINVALUE-1").code shouldBe 0
            val lines = (0 until 50).joinToString("\n") { "{\"key\": \"PLAINKEY-L$it\", \"value\": \"PLAINVALUE-L$it\"}" }
            cairn("--db", db, "--key-file", key, "load", "-", stdin = lines.toByteArray()).code shouldBe 0
            cairn("--db", db, "--key-file", key, "compact").code shouldBe 0
            cairn("--db", db, "--key-file", key, "get", "PLAINKEY-L7").out shouldBe "PLAINVALUE-L7\n"
            cairn("--db", db, "get", "PLAINKEY-1").code shouldBe ExitCode.IO
            val checkpoint = tmp.resolve("cp").toString()
            cairn("--db", db, "--key-file", key, "checkpoint", checkpoint).code shouldBe 0
            val backups = tmp.resolve("backups").toString()
            cairn("--db", db, "--key-file", key, "backup", "--to", backups).code shouldBe 0
            val restored = tmp.resolve("restored").toString()
            cairn("restore", "--from", backups, "--to", restored).code shouldBe 0
            for (copy in listOf(checkpoint, restored)) {
                cairn("--db", copy, "--key-file", key, "get", "PLAINKEY-1").out shouldBe "PLAINVALUE-1\n"
                cairn("--db", copy, "--key-file", key, "verify").code shouldBe 0
            }
            for (needle in listOf("PLAINKEY", "PLAINVALUE", "AINKE", "AINVA")) {
                withClue(needle) { plaintextIn(tmp, needle) shouldBe emptyList() }
            }
        }
    }

    test("bench runs on an encrypted scratch store with --key-file") {
        withTempDir { tmp ->
            val key = keyFile(tmp, "k", KEY)
            val kept = tmp.resolve("bench")
            val r = cairn("--key-file", key, "bench", "--num", "2000", "--dir", kept.toString(), "--json")
            withClue(r) { r.code shouldBe 0 }
            cairn("--db", kept.toString(), "get", "x").oneLineError() shouldContain "encrypted"
        }
    }

    test("a key file that holds no key is bad input, refused before the store is opened, its bytes never shown") {
        withTempDir { tmp ->
            val db = encryptedStore(tmp.resolve("s")).toString()
            for ((name, bytes) in listOf("short" to ByteArray(15) { 'z'.code.toByte() }, "newline" to KEY + '\n'.code.toByte(),
                    "hex-odd" to "abcdef".repeat(5).toByteArray(), "not-hex" to ("zz".repeat(32)).toByteArray(),
                    "empty" to ByteArray(0))) {
                withClue(name) {
                    val r = cairn("--db", db, "--key-file", keyFile(tmp, name, bytes), "get", "secret001")
                    r.code shouldBe ExitCode.USAGE
                    val line = r.oneLineError()
                    line shouldContain "holds no key (${bytes.size} bytes)"
                    line shouldContain "16, 24 or 32 bytes"
                    line shouldNotContain "zzz"
                }
            }
            val missing = cairn("--db", db, "--key-file", tmp.resolve("absent").toString(), "get", "secret001")
            missing.code shouldBe ExitCode.NOT_FOUND
            missing.oneLineError() shouldContain "no key file"
        }
    }

    test("--key-file is in the help of every command that opens a store") {
        for (command in listOf("get", "put", "delete", "scan", "dump", "load", "manifest", "sst", "wal", "verify", "stats",
                "compact", "checkpoint", "backup", "bench")) {
            withClue(command) {
                val help = cairn(command, "--help")
                help.code shouldBe 0
                help.out shouldContain "--key-file=FILE"
                help.out shouldContain "encryption key of an encrypted store"
            }
        }
    }
})

// Specifies encryption at rest from the public API: an encrypted store holds no plaintext key or
// value in any file (on the fake and on the real file system, with the WAL holding some of the
// data; its checkpoints and backups alike), round-trips through flush, compaction, reopen,
// read-only opening, checkpoint, backup and restore, and tells a wrong key, a missing key and a
// needless key apart from damage; bad keys are refused before anything is written.
package dev.cairn.lsm.engine

import dev.cairn.lsm.Backups
import dev.cairn.lsm.Compression
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldNotBeInstanceOf
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toOkioPath
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.nio.file.Files
import java.util.concurrent.atomic.AtomicInteger

private val KEY = ByteArray(32) { (it * 7 + 3).toByte() }
private val OTHER_KEY = ByteArray(32) { (it * 11 + 5).toByte() }

private fun options(fs: FileSystem, encryption: Encryption?, compression: Compression = Compression.NONE) =
    StoreOptions.builder()
        .fileSystem(if (fs is FakeFileSystem) SynchronizedFileSystem(fs) else fs)
        .memtableSizeBytes(16 * 1024)
        .blockSize(512)
        .compression(compression)
        .encryption(encryption)
        .build()

private fun secretKey(i: Int) = "SECRETKEY-%05d".format(i).encodeToByteArray()
private fun secretValue(i: Int) = ("TOPSECRETVALUE-%05d-".format(i) + "x".repeat(i % 40)).encodeToByteArray()

/** Writes 1500 distinctive entries: some flushed and compacted, some flushed after, the last ones only in the log. */
private fun writeSecrets(db: LsmStore) {
    for (i in 0 until 1500) {
        if (i % 10 == 0) db.write(WriteBatch().put(secretKey(i), secretValue(i)).delete(secretKey(i - 1)))
        else db.put(secretKey(i), secretValue(i))
        if (i == 600) db.compactRange(null, null)
        if (i == 1200) db.flush()
    }
    db.deleteRange(secretKey(100), secretKey(110))
}

private fun expected(i: Int): ByteArray? = when {
    i in 100 until 110 -> null
    i % 10 == 9 && i < 1499 -> null
    else -> secretValue(i)
}

private fun checkSecrets(db: LsmStore) {
    for (i in 0 until 1500 step 7) withClue("key $i") { db.get(secretKey(i))?.decodeToString() shouldBe expected(i)?.decodeToString() }
    var n = 0
    db.newCursor().use { c -> c.seekToFirst(); while (c.isValid) { n++; c.next() } }
    n shouldBe (0 until 1500).count { expected(it) != null }
}

/**
 * Every file under [dir] (its subdirectories too) whose bytes contain one of [needles], with where;
 * a file renamed or removed meanwhile (by background work) is passed over.
 */
private fun plaintextFound(fs: FileSystem, dir: Path, needles: List<String>): List<String> {
    val found = ArrayList<String>()
    for (file in fs.listRecursively(dir).toList()) {
        if (fs.metadataOrNull(file)?.isRegularFile != true) continue
        val bytes = try { fs.read(file) { readByteArray() } } catch (e: java.io.FileNotFoundException) { continue }
        val text = String(bytes, Charsets.ISO_8859_1)
        for (needle in needles) {
            val at = text.indexOf(needle)
            if (at >= 0) found += "${file.name} holds \"$needle\" at offset $at"
        }
    }
    return found
}

private val NEEDLES = listOf("SECRETKEY", "TOPSECRET", "ECRETK", "PSECR", "VALUE-0", "xxxxxxxx")

class EncryptedStoreSpec : FunSpec({

    test("no plaintext key or value appears in any file of an encrypted store (fake file system, LZ4 and not)") {
        for (compression in Compression.values()) {
            val fs = FakeFileSystem()
            val dir = "/db".toPath()
            LsmStore.open(dir, options(fs, Encryption.aesGcm(KEY), compression)).use { db ->
                writeSecrets(db)
                checkSecrets(db)
            }
            val files = fs.list(dir).map { it.name }
            withClue("files: $files") {
                files.any { it.endsWith(".sst") } shouldBe true
                files.any { it.endsWith(".wal") } shouldBe true
                files.any { it.startsWith("MANIFEST-") } shouldBe true
            }
            plaintextFound(fs, dir, NEEDLES) shouldBe emptyList()
            LsmStore.open(dir, options(fs, Encryption.aesGcm(KEY), compression)).use { checkSecrets(it) }
            fs.checkNoOpenFiles()
        }
    }

    test("the scan for plaintext finds the keys and values of the same store unencrypted") {
        val fs = FakeFileSystem()
        val dir = "/db".toPath()
        LsmStore.open(dir, options(fs, null)).use { writeSecrets(it) }
        val found = plaintextFound(fs, dir, NEEDLES)
        found.any { it.contains(".wal holds") } shouldBe true
        found.any { it.contains(".sst holds") } shouldBe true
        found.any { it.contains("MANIFEST-") } shouldBe true
    }

    test("no plaintext key or value appears in any file of an encrypted store on the real file system") {
        val tmp = Files.createTempDirectory("cairn-encrypted")
        try {
            val dir = tmp.resolve("db").toOkioPath()
            LsmStore.open(dir, options(FileSystem.SYSTEM, Encryption.aesGcm(KEY))).use { db ->
                writeSecrets(db)
                // While open, too: the newest log (written through a memory mapping on Linux) holds the last writes.
                plaintextFound(FileSystem.SYSTEM, dir, NEEDLES) shouldBe emptyList()
            }
            plaintextFound(FileSystem.SYSTEM, dir, NEEDLES) shouldBe emptyList()
            LsmStore.open(dir, options(FileSystem.SYSTEM, Encryption.aesGcm(KEY))).use { checkSecrets(it) }
        } finally {
            tmp.toFile().deleteRecursively()
        }
    }

    test("checkpoints, backups and restores of an encrypted store hold no plaintext and open with the same key only") {
        val tmp = Files.createTempDirectory("cairn-encrypted-copies")
        try {
            val fs = FileSystem.SYSTEM
            val root = tmp.toOkioPath()
            val enc = options(fs, Encryption.aesGcm(KEY))
            LsmStore.open(root / "db", enc).use { db ->
                writeSecrets(db)
                db.checkpoint(root / "checkpoint")
                Backups.open(root / "backups", fs).use { b ->
                    b.create(db)
                    db.put(secretKey(1), secretValue(1))
                    val second = b.create(db)
                    b.verify(second.id())
                    b.restore(second.id(), root / "restored")
                }
            }
            LsmStore.openReadOnly(root / "db", enc).use { it.checkpoint(root / "from-read-only") }
            for (copy in listOf("checkpoint", "restored", "from-read-only")) {
                withClue(copy) {
                    LsmStore.open(root / copy, enc).use { checkSecrets(it) }
                    shouldThrow<LsmException> { LsmStore.open(root / copy, options(fs, null)) }.message shouldContain "is encrypted"
                    shouldThrow<LsmException> { LsmStore.open(root / copy, options(fs, Encryption.aesGcm(OTHER_KEY))) }
                        .message shouldContain "wrong encryption key"
                }
            }
            plaintextFound(fs, root, NEEDLES) shouldBe emptyList()
        } finally {
            tmp.toFile().deleteRecursively()
        }
    }

    test("an encrypted store opens read-only with its key (tables, manifest and logs), and not without it") {
        val fs = FakeFileSystem().apply { allowReadsWhileWriting = true }
        val dir = "/db".toPath()
        LsmStore.open(dir, options(fs, Encryption.aesGcm(KEY))).use { db ->
            writeSecrets(db)
            LsmStore.openReadOnly(dir, options(fs, Encryption.aesGcm(KEY))).use { ro ->
                checkSecrets(ro)
                db.put(secretKey(99_999), secretValue(7))
                ro.refresh()
                ro.get(secretKey(99_999))?.decodeToString() shouldBe secretValue(7).decodeToString()
            }
            val noKey = shouldThrow<LsmException> { LsmStore.openReadOnly(dir, options(fs, null)) }
            noKey.shouldNotBeInstanceOf<CorruptionException>()
            noKey.message shouldContain "is encrypted: open it with its key"
            val wrong = shouldThrow<LsmException> { LsmStore.openReadOnly(dir, options(fs, Encryption.aesGcm(OTHER_KEY))) }
            wrong.shouldNotBeInstanceOf<CorruptionException>()
            wrong.message shouldContain "wrong encryption key for store /db"
        }
        fs.checkNoOpenFiles()
    }

    test("every key size opens its own store, and a key supplier is asked once per open") {
        for (size in listOf(16, 24, 32)) {
            val fs = FakeFileSystem()
            val calls = AtomicInteger()
            val encryption = Encryption.aesGcm { calls.incrementAndGet(); ByteArray(size) { it.toByte() } }
            LsmStore.open("/db".toPath(), options(fs, encryption)).use { writeSecrets(it) }
            LsmStore.open("/db".toPath(), options(fs, encryption)).use { checkSecrets(it) }
            calls.get() shouldBe 2
            fs.checkNoOpenFiles()
        }
    }

    test("a wrong key at open is an LsmException saying so, not a CorruptionException") {
        val fs = FakeFileSystem()
        LsmStore.open("/db".toPath(), options(fs, Encryption.aesGcm(KEY))).use { writeSecrets(it) }
        for (wrong in listOf(OTHER_KEY, KEY.copyOf(16), KEY.copyOf().also { it[31] = (it[31] + 1).toByte() })) {
            val e = shouldThrow<LsmException> { LsmStore.open("/db".toPath(), options(fs, Encryption.aesGcm(wrong))) }
            e.shouldNotBeInstanceOf<CorruptionException>()
            e.message shouldContain "wrong encryption key for store /db"
        }
        LsmStore.open("/db".toPath(), options(fs, Encryption.aesGcm(KEY))).use { checkSecrets(it) }
        fs.checkNoOpenFiles()
    }

    test("an encrypted store opened without a key, and a plain one opened with a key, are refused with an LsmException") {
        val fs = FakeFileSystem()
        LsmStore.open("/enc".toPath(), options(fs, Encryption.aesGcm(KEY))).use { writeSecrets(it) }
        LsmStore.open("/plain".toPath(), options(fs, null)).use { writeSecrets(it) }
        val noKey = shouldThrow<LsmException> { LsmStore.open("/enc".toPath(), options(fs, null)) }
        noKey.shouldNotBeInstanceOf<CorruptionException>()
        noKey.message shouldContain "store /enc is encrypted: open it with its key"
        val needless = shouldThrow<LsmException> { LsmStore.open("/plain".toPath(), options(fs, Encryption.aesGcm(KEY))) }
        needless.shouldNotBeInstanceOf<CorruptionException>()
        needless.message shouldContain "store /plain is not encrypted, but it was opened with an encryption key"
        LsmStore.open("/enc".toPath(), options(fs, Encryption.aesGcm(KEY))).use { checkSecrets(it) }
        LsmStore.open("/plain".toPath(), options(fs, null)).use { checkSecrets(it) }
        fs.checkNoOpenFiles()
    }

    test("keys of other sizes are refused with IllegalArgumentException, a supplier's before anything is written") {
        for (size in listOf(0, 8, 15, 17, 31, 33, 64)) {
            shouldThrow<IllegalArgumentException> { Encryption.aesGcm(ByteArray(size)) }.message shouldContain
                "encryption key must be 16, 24 or 32 bytes (AES-128, AES-192, AES-256), was $size bytes"
        }
        shouldThrow<IllegalArgumentException> { Encryption.aesGcm(null as ByteArray?) }.message shouldContain "must not be null"
        val fs = FakeFileSystem()
        val e = shouldThrow<IllegalArgumentException> {
            LsmStore.open("/db".toPath(), options(fs, Encryption.aesGcm { ByteArray(20) }))
        }
        e.message shouldContain "was 20 bytes"
        shouldThrow<IllegalArgumentException> { LsmStore.open("/db".toPath(), options(fs, Encryption.aesGcm { null })) }
            .message shouldContain "returned null"
        fs.exists("/db".toPath()) shouldBe false
    }

    test("the setting never shows its key, and the key given is copied") {
        val key = KEY.copyOf()
        val encryption = Encryption.aesGcm(key)
        encryption.toString() shouldBe "Encryption(AES-GCM, 256-bit key)"
        StoreOptions.builder().encryption(encryption).build().toString() shouldContain "encryption=Encryption(AES-GCM, 256-bit key)"
        key.fill(0)
        val fs = FakeFileSystem()
        LsmStore.open("/db".toPath(), options(fs, encryption)).use { writeSecrets(it) }
        LsmStore.open("/db".toPath(), options(fs, Encryption.aesGcm(KEY))).use { checkSecrets(it) }
    }

    test("a flipped byte in each kind of file is a CorruptionException naming it, or a lost log tail, never a wrong value") {
        val pristine = FakeFileSystem()
        val dir = "/db".toPath()
        LsmStore.open(dir, options(pristine, Encryption.aesGcm(KEY))).use { writeSecrets(it) }
        val files = pristine.list(dir).filter { it.name != "LOCK" && it.name != "CURRENT" }
        var detected = 0
        var tailLost = 0
        for (file in files) {
            val size = pristine.metadata(file).size!!.toInt()
            for (at in (0 until size).step(maxOf(1, size / 12))) {
                val fs = FakeFileSystem().apply { createDirectories(dir) }
                for (f in pristine.list(dir)) fs.write(f) { write(pristine.read(f) { readByteArray() }) }
                val bytes = fs.read(file) { readByteArray() }
                bytes[at] = (bytes[at].toInt() xor 0x20).toByte()
                fs.write(file) { write(bytes) }
                val where = "${file.name} byte $at of $size"
                try {
                    LsmStore.open(dir, options(fs, Encryption.aesGcm(KEY))).use { db ->
                        var lost = false
                        for (i in 0 until 1500) {
                            val got = db.get(secretKey(i))
                            withClue("$where: key $i") {
                                if (got == null) lost = lost || expected(i) != null
                                else got.decodeToString() shouldBe secretValue(i).decodeToString()
                            }
                        }
                        if (lost) {
                            withClue("$where: only a log's torn tail may lose writes") { file.name.endsWith(".wal") shouldBe true }
                            tailLost++
                        }
                    }
                } catch (e: CorruptionException) {
                    withClue(where) { e.message shouldContain file.name }
                    detected++
                }
                fs.checkNoOpenFiles()
            }
        }
        println("[figures] encrypted store byte flips: ${files.size} files, $detected detected, $tailLost lost a log tail")
        detected shouldBeGreaterThan files.size
    }
})

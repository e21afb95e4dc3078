// What an open writes to the manifest: the open's own edit (new log, replayed tables, strategy),
// appended to a small intact manifest, or else one fresh manifest holding the recovered state with
// that edit in a single record (a torn tail is never appended to); written only once recovery has
// succeeded, so an open that fails leaves the previous manifest current.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WalRecoveryMode
import dev.cairn.lsm.internal.io.FileNames
import dev.cairn.lsm.internal.manifest.ManifestReader
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

class OpenManifestSpec : FunSpec({
    val dir = "/db".toPath()

    fun options(fake: FakeFileSystem, strategy: CompactionStrategy.Kind = CompactionStrategy.Kind.LEVELED) =
        StoreOptions.builder().fileSystem(fake).compaction(CompactionStrategy.builder(strategy).build())
            .walRecovery(WalRecoveryMode.ABSOLUTE_CONSISTENCY).build()

    fun manifests(fake: FakeFileSystem) = fake.list(dir).map { it.name }.filter { it.startsWith("MANIFEST-") }

    /** Writes 200 keys to a table and 100 more that stay in the log (a reopen replays them into a table). */
    fun fill(fake: FakeFileSystem) {
        LsmStore.open(dir, options(fake)).use { db ->
            for (i in 0 until 200) db.put(testKey(i), ByteArray(50) { i.toByte() })
            db.flush()
            for (i in 200 until 300) db.put(testKey(i), ByteArray(50) { i.toByte() })
        }
    }

    /** Reopens with another strategy and checks every key. */
    fun reopen(fake: FakeFileSystem) {
        LsmStore.open(dir, options(fake, CompactionStrategy.Kind.SIZE_TIERED)).use { db ->
            for (i in 0 until 300) withClue("key $i") { db.get(testKey(i))?.get(0) shouldBe i.toByte() }
        }
    }

    /** The tables, log and strategy [edits] name once applied in order, checked against the directory. */
    fun checkNamed(fake: FakeFileSystem, edits: List<dev.cairn.lsm.internal.manifest.VersionEdit>) {
        val live = HashSet<Long>()
        for (e in edits) {
            e.addedFiles().forEach { live += it.file().number() }
            e.deletedFiles().forEach { live -= it.number() }
        }
        edits.last { it.strategy().isPresent }.strategy().get() shouldBe "SIZE_TIERED"
        val log = edits.last { it.logNumber().isPresent }.logNumber().asLong
        fake.exists(dir.resolve(FileNames.wal(log))) shouldBe true
        val tables = fake.list(dir).map { it.name }.filter { it.endsWith(".sst") }
        live.map { FileNames.table(it) } shouldContainExactlyInAnyOrder tables
        // the log's records went to a table: both tables are named, the replayed log is gone
        tables shouldHaveSize 2
        fake.list(dir).map { it.name }.filter { it.endsWith(".wal") } shouldBe listOf(FileNames.wal(log))
    }

    test("a reopen appends its edit (the replayed table, the new log, the new strategy) to a small intact manifest") {
        val fake = FakeFileSystem()
        fill(fake)
        val before = manifests(fake).single()
        val records = ManifestReader.read(fake, dir.resolve(before)).size
        reopen(fake)
        manifests(fake) shouldBe listOf(before)
        fake.read(dir.resolve("CURRENT")) { readUtf8().trim() } shouldBe before
        val edits = ManifestReader.read(fake, dir.resolve(before))
        edits shouldHaveSize records + 1
        checkNamed(fake, edits)
        reopen(fake)
    }

    test("a manifest with a torn tail is not appended to: the reopen writes one fresh manifest whose first record holds everything") {
        val fake = FakeFileSystem()
        fill(fake)
        val before = manifests(fake).single()
        // The first 5 bytes of a record header: an append torn by a crash.
        fake.appendingSink(dir.resolve(before)).use { it.write(okio.Buffer().write(byteArrayOf(1, 2, 3, 4, 5)), 5) }
        reopen(fake)
        val names = manifests(fake)
        names shouldHaveSize 1
        (names[0] != before) shouldBe true
        fake.read(dir.resolve("CURRENT")) { readUtf8().trim() } shouldBe names[0]
        val edits = ManifestReader.read(fake, dir.resolve(names[0]))
        checkNamed(fake, edits.take(1))
        reopen(fake)
    }

    test("an open that fails while replaying the log leaves the previous manifest current and unchanged") {
        val fake = FakeFileSystem()
        LsmStore.open(dir, options(fake)).use { db ->
            for (i in 0 until 100) db.put(testKey(i), ByteArray(100) { 7 })
        }
        val current = fake.read(dir.resolve("CURRENT")) { readUtf8() }
        val manifest = manifests(fake).single()
        val manifestBytes = fake.read(dir.resolve(manifest)) { readByteString() }
        val wal = fake.list(dir).filter { it.name.endsWith(".wal") }.maxBy { fake.metadata(it).size ?: 0 }
        val bytes = fake.read(wal) { readByteArray() }
        bytes[300] = (bytes[300].toInt() xor 0x55).toByte()
        fake.write(wal) { write(bytes) }

        val e = shouldThrow<LsmException> { LsmStore.open(dir, options(fake)) }
        withClue("$e caused by ${e.cause}") { (e is CorruptionException || e.cause is CorruptionException) shouldBe true }
        fake.read(dir.resolve("CURRENT")) { readUtf8() } shouldBe current
        manifests(fake) shouldBe listOf(manifest)
        fake.read(dir.resolve(manifest)) { readByteString() } shouldBe manifestBytes
    }
})
